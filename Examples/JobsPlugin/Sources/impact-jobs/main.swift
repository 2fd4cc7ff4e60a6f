import ImpactCLI
import JobsMetrics

// `impact`, with every command and option, plus the jobs plugin.
ImpactCommand.start(plugins: [JobsPlugin.plugin])
