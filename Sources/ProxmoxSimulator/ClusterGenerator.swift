import Foundation

/// Builds the initial cluster from `SimulatorOptions`, deterministically from the seed.
///
/// The first guests come from a curated homelab list (web01, db01, dns, plex, ...); beyond it,
/// names are generated from prefixes with a counter, always unique.
struct ClusterGenerator {
    struct Result {
        var nodes: [NodeState]
        var guests: [GuestState]
    }

    private struct Template {
        var name: String
        var kind: GuestKind
        var tags: [String]
        var pool: String?
        var cores: Int
        var memoryMiB: Int
        var diskGiB: Int
        var isTemplate = false
        var haState: String? = nil
    }

    private static let curated: [Template] = [
        Template(name: "web01", kind: .qemu, tags: ["prod", "web"], pool: "prod", cores: 2, memoryMiB: 2048, diskGiB: 32),
        Template(name: "db01", kind: .qemu, tags: ["prod", "db"], pool: "prod", cores: 4, memoryMiB: 8192, diskGiB: 100, haState: "started"),
        Template(name: "dns", kind: .lxc, tags: ["infra"], pool: "prod", cores: 1, memoryMiB: 512, diskGiB: 8),
        Template(name: "plex", kind: .lxc, tags: ["media"], pool: "media", cores: 4, memoryMiB: 4096, diskGiB: 16),
        Template(name: "home-assistant", kind: .qemu, tags: ["infra", "iot"], pool: "prod", cores: 2, memoryMiB: 4096, diskGiB: 32),
        Template(name: "nextcloud", kind: .lxc, tags: ["prod", "web"], pool: "prod", cores: 2, memoryMiB: 4096, diskGiB: 64),
        Template(name: "k3s-node1", kind: .qemu, tags: ["k8s", "lab"], pool: "lab", cores: 4, memoryMiB: 8192, diskGiB: 64),
        Template(name: "k3s-node2", kind: .qemu, tags: ["k8s", "lab"], pool: "lab", cores: 4, memoryMiB: 8192, diskGiB: 64),
        Template(name: "k3s-node3", kind: .qemu, tags: ["k8s", "lab"], pool: "lab", cores: 4, memoryMiB: 8192, diskGiB: 64),
        Template(name: "grafana", kind: .lxc, tags: ["infra", "monitoring"], pool: "prod", cores: 1, memoryMiB: 1024, diskGiB: 8),
        Template(name: "prometheus", kind: .lxc, tags: ["infra", "monitoring"], pool: "prod", cores: 2, memoryMiB: 2048, diskGiB: 32),
        Template(name: "jellyfin", kind: .lxc, tags: ["media"], pool: "media", cores: 4, memoryMiB: 4096, diskGiB: 16),
        Template(name: "web02", kind: .qemu, tags: ["prod", "web"], pool: "prod", cores: 2, memoryMiB: 2048, diskGiB: 32),
        Template(name: "debian12-template", kind: .qemu, tags: ["template"], pool: nil, cores: 2, memoryMiB: 2048, diskGiB: 16, isTemplate: true),
        Template(name: "truenas", kind: .qemu, tags: ["infra", "storage"], pool: nil, cores: 2, memoryMiB: 16384, diskGiB: 32, haState: "started"),
        Template(name: "unifi", kind: .lxc, tags: ["infra"], pool: nil, cores: 1, memoryMiB: 1024, diskGiB: 8),
        Template(name: "nginx-proxy", kind: .lxc, tags: ["infra", "web"], pool: "prod", cores: 1, memoryMiB: 512, diskGiB: 8),
        Template(name: "vaultwarden", kind: .lxc, tags: ["prod"], pool: "prod", cores: 1, memoryMiB: 512, diskGiB: 8),
        Template(name: "win11", kind: .qemu, tags: ["lab"], pool: "lab", cores: 4, memoryMiB: 8192, diskGiB: 128),
        Template(name: "gitlab", kind: .qemu, tags: ["lab", "dev"], pool: "lab", cores: 4, memoryMiB: 8192, diskGiB: 100),
        Template(name: "db02", kind: .qemu, tags: ["prod", "db"], pool: "prod", cores: 4, memoryMiB: 8192, diskGiB: 100),
        Template(name: "uptime-kuma", kind: .lxc, tags: ["infra", "monitoring"], pool: nil, cores: 1, memoryMiB: 512, diskGiB: 4),
        Template(name: "mqtt", kind: .lxc, tags: ["infra", "iot"], pool: nil, cores: 1, memoryMiB: 256, diskGiB: 4),
        Template(name: "sonarr", kind: .lxc, tags: ["media"], pool: "media", cores: 2, memoryMiB: 1024, diskGiB: 8),
        Template(name: "ubuntu24-template", kind: .qemu, tags: ["template"], pool: nil, cores: 2, memoryMiB: 2048, diskGiB: 16, isTemplate: true),
        Template(name: "radarr", kind: .lxc, tags: ["media"], pool: "media", cores: 2, memoryMiB: 1024, diskGiB: 8),
        Template(name: "paperless", kind: .lxc, tags: ["prod"], pool: "prod", cores: 2, memoryMiB: 2048, diskGiB: 16),
        Template(name: "opnsense", kind: .qemu, tags: ["infra", "net"], pool: nil, cores: 2, memoryMiB: 4096, diskGiB: 32, haState: "started"),
        Template(name: "minio", kind: .lxc, tags: ["lab", "storage"], pool: "lab", cores: 2, memoryMiB: 2048, diskGiB: 64),
        Template(name: "docker-host", kind: .qemu, tags: ["lab"], pool: "lab", cores: 4, memoryMiB: 8192, diskGiB: 64),
    ]

    private static let generatedPrefixes: [(String, GuestKind, [String], String?)] = [
        ("web", .qemu, ["prod", "web"], "prod"), ("app", .qemu, ["prod"], "prod"), ("db", .qemu, ["prod", "db"], "prod"),
        ("cache", .lxc, ["prod"], "prod"), ("worker", .lxc, ["lab"], "lab"), ("ci-runner", .lxc, ["lab", "dev"], "lab"),
        ("k8s-node", .qemu, ["k8s", "lab"], "lab"), ("media", .lxc, ["media"], "media"), ("dev", .qemu, ["lab", "dev"], "lab"),
        ("vpn", .lxc, ["infra", "net"], nil), ("mail", .lxc, ["infra"], nil), ("log", .lxc, ["infra", "monitoring"], nil),
    ]

    private static let cpuModels = [
        "Intel(R) Core(TM) i5-12500T", "AMD Ryzen 7 5700G with Radeon Graphics", "Intel(R) Xeon(R) CPU E5-2680 v4",
        "Intel(R) N100", "AMD EPYC 7302P 16-Core Processor",
    ]

    /// Generates nodes and guests. `now` is the epoch time used for boot and start times.
    static func generate(options: SimulatorOptions, now: Double) -> Result {
        var rng = SeededGenerator(seed: options.seed)
        var nodes: [NodeState] = []
        nodes.reserveCapacity(options.nodes)
        for index in 0..<options.nodes {
            let cores = [8, 12, 16, 24, 32][Int.random(in: 0..<5, using: &rng)]
            let memory = [32, 64, 64, 128, 256][Int.random(in: 0..<5, using: &rng)] * gib
            let fingerprintBytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let uptimeDays = Double.random(in: 3...60, using: &rng)
            nodes.append(NodeState(
                name: "pve\(index + 1)",
                nodeid: index + 1,
                online: true,
                cores: cores,
                sockets: 1,
                cpuModel: cpuModels[Int.random(in: 0..<cpuModels.count, using: &rng)],
                maxMemory: memory,
                maxDisk: [100, 240, 480][Int.random(in: 0..<3, using: &rng)] * gib,
                rootUsed: Int.random(in: (6 * gib)...(30 * gib), using: &rng),
                swapTotal: 8 * gib,
                bootTime: (now - uptimeDays * 86_400).rounded(),
                ip: "127.0.0.\(index % 250 + 1)",
                fingerprint: fingerprintBytes.map { String(format: "%02X", $0) }.joined(separator: ":"),
                pinnedMemoryFraction: nil,
                nextPID: Int.random(in: 100_000...900_000, using: &rng)
            ))
        }

        var guests: [GuestState] = []
        guests.reserveCapacity(options.guests)
        var usedNames = Set<String>()
        usedNames.reserveCapacity(options.guests)
        var counters = [Int](repeating: 0, count: generatedPrefixes.count)
        for index in 0..<options.guests {
            let template: Template
            if index < curated.count {
                template = curated[index]
            } else {
                let prefixIndex = Int.random(in: 0..<generatedPrefixes.count, using: &rng)
                let (prefix, kind, tags, pool) = generatedPrefixes[prefixIndex]
                var name: String
                repeat {
                    counters[prefixIndex] += 1
                    let number = counters[prefixIndex]
                    name = number < 10 ? "\(prefix)0\(number)" : "\(prefix)\(number)"
                } while usedNames.contains(name)
                template = Template(
                    name: name, kind: kind, tags: tags, pool: pool,
                    cores: [1, 2, 2, 4][Int.random(in: 0..<4, using: &rng)],
                    memoryMiB: [512, 1024, 2048, 4096][Int.random(in: 0..<4, using: &rng)],
                    diskGiB: [8, 16, 32, 64][Int.random(in: 0..<4, using: &rng)]
                )
            }
            usedNames.insert(template.name)
            let vmid = 100 + index
            let runningChance = template.tags.contains("lab") ? 0.5 : 0.8
            let running = !template.isTemplate && Double.random(in: 0..<1, using: &rng) < runningChance
            let load = LoadProfile(
                cpuBase: Double.random(in: 0.01...0.25, using: &rng),
                cpuSwing: Double.random(in: 0.02...0.4, using: &rng),
                memoryBase: Double.random(in: 0.25...0.6, using: &rng),
                memorySwing: Double.random(in: 0.05...0.3, using: &rng),
                phase: Double.random(in: 0..<(2 * Double.pi), using: &rng),
                period: Double.random(in: 120...900, using: &rng),
                networkRate: Double.random(in: 1_000...2_000_000, using: &rng),
                diskRate: Double.random(in: 1_000...1_000_000, using: &rng)
            )
            let uptime = Double.random(in: 600...(20 * 86_400), using: &rng)
            guests.append(GuestState(
                vmid: vmid,
                kind: template.kind,
                name: template.name,
                node: Int.random(in: 0..<nodes.count, using: &rng),
                power: running ? .running : .stopped,
                isTemplate: template.isTemplate,
                tags: template.tags,
                pool: template.pool,
                haState: template.haState,
                cores: template.cores,
                maxMemory: template.memoryMiB * mib,
                maxDisk: template.diskGiB * gib,
                maxSwap: template.kind == .lxc ? 512 * mib : 0,
                diskFraction: Double.random(in: 0.1...0.8, using: &rng),
                startedAt: (now - uptime).rounded(),
                description: "",
                load: load,
                macSuffix: UInt32.random(in: 0...0xFF_FFFF, using: &rng)
            ))
        }
        return Result(nodes: nodes, guests: guests)
    }
}
