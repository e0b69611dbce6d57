// Headless CLI over the pure core (no vscode import): `yoi-vscode <command> …`.
process.stdout.write('yoi-vscode: no commands yet\n');
