import ImpactCLI
import ImpactPostgres

ImpactCommand.start(stores: [PostgresStore.opener])
