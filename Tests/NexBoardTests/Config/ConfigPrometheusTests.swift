import Foundation
import Integrations
import NexBoard
import NexBoardCore
import Testing

@Suite("The prometheus section of the configuration")
struct ConfigPrometheusTests {
    @Test("url, bearer token, timeout and custom queries are read; the exporter's queries are the default")
    func reads() throws {
        let yaml = ConfigTestSupport.minimalYAML + """

            prometheus:
              url: http://127.0.0.1:9090/prom/
              bearer_token: ${PROM}
              timeout: 3s
              queries:
                cpu: 'my_cpu{id="$id"}'
            """
        let config = try ConfigLoader.parse(yaml: yaml, baseDirectory: "/", environment: ["PROM": "p-SECRET"])
        let prometheus = try #require(config.prometheus)
        #expect(prometheus.connection.url.absoluteString == "http://127.0.0.1:9090/prom")
        #expect(prometheus.connection.authentication == .bearer(Secret("p-SECRET")))
        #expect(prometheus.connection.timeout == .seconds(3))
        #expect(prometheus.queries.cpu == #"my_cpu{id="$id"}"#)
        #expect(prometheus.queries.memory == PVEExporterQueries.standard.memory)
        #expect(!String(describing: config).contains("p-SECRET"))
        #expect(try ConfigLoader.parse(yaml: ConfigTestSupport.minimalYAML, baseDirectory: "/", environment: [:]).prometheus == nil)
    }

    @Test("a missing url, a login in the url, both logins, an unknown key and an empty query are each reported")
    func problems() {
        let cases: [(String, String)] = [
            ("prometheus:\n  timeout: 5s\n", "prometheus.url"),
            ("prometheus:\n  url: http://user:pw@127.0.0.1:9090\n", "prometheus.url"),
            ("prometheus:\n  url: http://127.0.0.1:9090\n  username: a\n  password: b\n  bearer_token: c\n", "prometheus.bearer_token"),
            ("prometheus:\n  url: http://127.0.0.1:9090\n  step: 5s\n", "prometheus.step"),
            ("prometheus:\n  url: http://127.0.0.1:9090\n  queries:\n    cpu: ' '\n", "prometheus.queries.cpu"),
            ("prometheus:\n  url: http://127.0.0.1:9090\n  username: a\n", "prometheus.password"),
        ]
        for (section, path) in cases {
            let problems = ConfigTestSupport.problems(ConfigTestSupport.minimalYAML + "\n" + section)
            #expect(problems.map(\.keyPath).contains(path), "\(section): \(problems.map(\.description))")
            #expect(!problems.map(\.description).joined().contains("pw@"))
        }
    }

    @Test("monitor.images turns graph pictures on; it is off by default, and a value that is not a boolean or an unknown key is reported")
    func monitorImages() throws {
        let on = try ConfigLoader.parse(yaml: ConfigTestSupport.minimalYAML + "\nmonitor:\n  images: true\n", baseDirectory: "/", environment: [:])
        #expect(on.monitor.images)
        #expect(try ConfigLoader.parse(yaml: ConfigTestSupport.minimalYAML, baseDirectory: "/", environment: [:]).monitor.images == false)
        let off = try ConfigLoader.parse(yaml: ConfigTestSupport.minimalYAML + "\nmonitor: {images: false}\n", baseDirectory: "/", environment: [:])
        #expect(!off.monitor.images)
        for (section, path) in [("monitor:\n  images: sometimes\n", "monitor.images"), ("monitor:\n  pictures: true\n", "monitor.pictures"),
                                ("monitor: true\n", "monitor")] {
            let problems = ConfigTestSupport.problems(ConfigTestSupport.minimalYAML + "\n" + section)
            #expect(problems.map(\.keyPath).contains(path), "\(section): \(problems.map(\.description))")
        }
    }
}
