import ImpactCLI

ImpactCommand.start()
