import NexBoard
import Testing

@Suite("The console section of the configuration")
struct ConfigConsoleTests {
    @Test("console links are proxied, open within 60s and last 2h unless configured otherwise")
    func defaults() throws {
        let config = try ConfigLoader.parse(yaml: ConfigTestSupport.minimalYAML, baseDirectory: "/", environment: [:])
        #expect(config.console == ConsoleConfig(proxy: false, linkTTL: .seconds(60), maxSession: .seconds(7200)))
        let set = try ConfigLoader.parse(
            yaml: ConfigTestSupport.minimalYAML + "\nconsole:\n  subject: console:local\n  proxy: true\n  link_ttl: 2m\n  max_session: 30m\n",
            baseDirectory: "/", environment: [:])
        #expect(set.console == ConsoleConfig(proxy: true, linkTTL: .seconds(120), maxSession: .seconds(1800)))
    }

    @Test("noVNC is Debian's, the terminal library Debian's, the SPICE proxy the cluster's host unless configured otherwise")
    func libraries() throws {
        let defaults = try ConfigLoader.parse(yaml: ConfigTestSupport.minimalYAML, baseDirectory: "/", environment: [:]).console
        #expect(defaults.novncPath == "/usr/share/novnc" && defaults.xtermPath == nil && defaults.spiceProxy == nil)
        let set = try ConfigLoader.parse(
            yaml: ConfigTestSupport.minimalYAML + "\nconsole:\n  novnc_path: web/novnc\n  xterm_path: /opt/xterm\n  spice_proxy: pve.example.net\n",
            baseDirectory: "/etc/nexboard", environment: [:]).console
        #expect(set.novncPath == "/etc/nexboard/web/novnc", "relative to the configuration file")
        #expect(set.xtermPath == "/opt/xterm")
        #expect(set.spiceProxy == "pve.example.net")
        for address in ["192.0.2.10", "fd00::10", "pve1"] {
            let config = try ConfigLoader.parse(yaml: ConfigTestSupport.minimalYAML + "\nconsole:\n  spice_proxy: \"\(address)\"\n",
                                                baseDirectory: "/", environment: [:])
            #expect(config.console.spiceProxy == address)
        }
    }

    @Test("a bad console value names its key and what is wrong")
    func badValues() {
        for (line, message) in [
            ("link_ttl: 5s", "console.link_ttl: expected a duration between 10s and 10m, got 5s"),
            ("link_ttl: 1h", "console.link_ttl: expected a duration between 10s and 10m, got 1h"),
            ("max_session: 30s", "console.max_session: expected a duration between 1m and 1d, got 30s"),
            ("max_session: 2d", "console.max_session: expected a duration between 1m and 1d, got 2d"),
            ("proxy: maybe", "console.proxy: expected true or false, got \"maybe\""),
            ("link_tl: 1m", "console.link_tl: unknown key; did you mean \"link_ttl\"?"),
            ("novnc_path: \"\"", "console.novnc_path: expected a folder path, got an empty value"),
            ("xterm_path: \"\"", "console.xterm_path: expected a folder path, got an empty value"),
            ("spice_proxy: http://pve:3128", "console.spice_proxy: expected a host name or IP address like pve1.example.net or 192.0.2.10, got \"http://pve:3128\""),
            ("spice_proxy: pve:3128", "console.spice_proxy: expected a host name or IP address like pve1.example.net or 192.0.2.10, got \"pve:3128\""),
            ("spice_proxy: -pve", "console.spice_proxy: expected a host name or IP address like pve1.example.net or 192.0.2.10, got \"-pve\""),
        ] {
            let problems = ConfigTestSupport.problems(ConfigTestSupport.minimalYAML + "\nconsole:\n  \(line)\n")
            #expect(problems.map(\.description) == [message], "\(line)")
        }
    }
}
