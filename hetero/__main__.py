from hetero.cli import run

run()
