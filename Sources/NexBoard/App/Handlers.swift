/// Every command handler, one per catalog entry. A test checks both directions.
enum Handlers {
    static var all: [any CommandHandler] {
        [
            HelpHandler(), WhoamiHandler(), OverviewHandler(), NodesHandler(), NodeHandler(), StorageHandler(),
            TasksHandler(), EventsHandler(), AuditHandler(),
            VMListHandler(), VMShowHandler(), VMTagHandler(adding: true), VMTagHandler(adding: false),
        ] + VMPowerHandler.all + alertHandlers + homelabHandlers
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
