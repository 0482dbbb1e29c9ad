from ui.cli import app

app(prog_name="kabar")
