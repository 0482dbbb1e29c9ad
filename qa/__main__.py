from qa.cli import app

app(prog_name="kabar")
