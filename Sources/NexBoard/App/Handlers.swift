/// Every command handler, one per catalog entry. A test checks both directions.
enum Handlers {
    static var all: [any CommandHandler] {
        [
            HelpHandler(), WhoamiHandler(), OverviewHandler(), NodesHandler(), NodeHandler(), StorageHandler(),
            TasksHandler(), EventsHandler(), AuditHandler(),
            VMListHandler(), VMShowHandler(), VMConsoleHandler(), VMTagHandler(adding: true), VMTagHandler(adding: false),
        ] + VMPowerHandler.all + alertHandlers + monitorHandlers + backupHandlers + homelabHandlers
            + [ReportSubscribeHandler(), ReportListHandler(), ReportUnsubscribeHandler()]
    }

    static var monitorHandlers: [any CommandHandler] {
        [MonitorHeatmapHandler(), MonitorNodeHandler(), MonitorVMHandler(), MonitorTopHandler(), MonitorQueryHandler(), TopologyHandler()]
    }

    static var backupHandlers: [any CommandHandler] {
        [
            BackupRunHandler(), BackupListHandler(), BackupStatusHandler(), BackupRestoreHandler(),
            BackupEditHandler(edit: .protection), BackupEditHandler(edit: .notes),
            TemplateListHandler(), TemplateDownloadHandler(), ISOListHandler(), DeployVMHandler(), DeployCTHandler(),
        ]
    }

    static var homelabHandlers: [any CommandHandler] {
        [DNSStatusHandler(), NetStatusHandler(), ProxyHostsHandler(), ProxyCertsHandler(), AppsHandler()] + DNSBlockingSwitchHandler.all
    }

    static var alertHandlers: [any CommandHandler] {
        [
            AlertSubscribeHandler(), AlertUnsubscribeHandler(), AlertListHandler(), AlertRulesHandler(), AlertActiveHandler(),
            AlertSilenceHandler(), AlertSilencesHandler(), AlertUnsilenceHandler(), AlertAckHandler(), AlertTestHandler(), AlertHistoryHandler(),
        ]
    }
}
