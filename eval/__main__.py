from qa.cli import app

app(args=["eval", *__import__("sys").argv[1:]], prog_name="python -m eval")
