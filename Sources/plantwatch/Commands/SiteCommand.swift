import ArgumentParser
import PlantModel

/// Site files: the YAML that describes a plant (tags, KPIs, alarms, baselines, dashboard).
struct SiteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "site",
        abstract: "Site files: print a built-in plant's, draft one from logs, or check one.",
        subcommands: [Export.self, Init.self, Check.self])

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Print a built-in plant's site file (a starting point for your own).",
            discussion: "Example: plantwatch site export humanwell > my-boiler.yaml")

        @Argument(help: "Built-in plant: catl, humanwell or moma.") var plant: String

        func run() throws {
            print(try Arguments.plant(plant).siteText ?? "", terminator: "")
        }
    }

    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Draft a site file from logs: tags with units, guessed kinds, intervals and ranges; KPIs as commented examples.",
            discussion: "Example: plantwatch site init --from historian-export.csv --id boiler-house > boiler-house.yaml")

        @Option(parsing: .upToNextOption, help: "Logs (wide or long CSV) to learn the tags from.") var from: [String]
        @Option(help: "The site's id (lower-case letters, digits, - and _).") var id: String = "my-site"
        @Option(name: .shortAndLong, help: "Write here instead of standard output.") var output: String?

        func run() throws {
            guard !from.isEmpty else { throw ValidationError("give --from LOG.csv") }
            var draft = SiteDraft()
            for path in from {
                do { try draft.add(path: path) } catch let e as LogError {
                    printError("plantwatch: \(Sanitize.line(e.description))\n")
                    throw ExitCode(66)
                } catch let e as LogHeader.HeaderError {
                    printError("plantwatch: \(Sanitize.line(path)): \(Sanitize.line(e.description))\n")
                    throw ExitCode(65)
                }
            }
            for s in draft.skipped { printError("plantwatch: \(Sanitize.line(s))\n") }
            let text = draft.yaml(id: id)
            if let output {
                let sink = try ByteSink(path: output)
                var bytes = Array(text.utf8)
                sink.write(&bytes)
                sink.flush()
                printError("plantwatch: wrote \(draft.columns.count) tags to \(Sanitize.line(output)); check it with `plantwatch site check \(Sanitize.line(output))`\n")
            } else {
                print(text, terminator: "")
            }
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Validate a site file and summarise it.",
            discussion: "Exit status: 0 valid; 78 invalid (the message names file:line:column and the field); 66 unreadable.")

        @Argument(help: "Site file (YAML).") var file: String

        func run() throws {
            let p = try PlantOptions.loadSite(file)
            let kpis = p.kpis()
            var kinds: [TagKind: Int] = [:]
            for t in p.tags.tags { kinds[t.kind, default: 0] += 1 }
            print("\(Sanitize.line(file)): valid")
            print("site     \(p.id) — \(Sanitize.line(p.title))\(p.site.isEmpty ? "" : ", " + Sanitize.line(p.site)) (UTC\(offsetText(p.utcOffset)))")
            print("tags     \(p.tags.count): " + TagKind.allCases.compactMap { k in kinds[k].map { "\($0) \(k.rawValue)" } }.joined(separator: ", ")
                  + " (\(p.tags.tags.reduce(0) { $0 + $1.columns.count }) column aliases)")
            print("KPIs     \(kpis.count):")
            for k in kpis {
                let unit = k.unit.symbol.isEmpty ? "" : " [\(k.unit.symbol)]"
                let goal = [k.target.map { "target \(NumberFormat.string($0, decimals: k.decimals))" }, k.limit.map { "limit \(NumberFormat.string($0, decimals: k.decimals))" }]
                    .compactMap { $0 }.joined(separator: ", ")
                print("  \(k.id.padded(to: 24)) \(Sanitize.line(k.name))\(unit) = \(Sanitize.line(k.formula))\(goal.isEmpty ? "" : " (\(goal))")")
            }
            print("alarms   \(p.alarmRules.count) rules, \(p.drift.count) drift targets\(p.drift.isEmpty ? "" : ": " + p.drift.map(\.alarmID).joined(separator: ", "))")
            if let b = p.energyBaseline { print("baseline \(b.target) ~ \(b.regressorNames.joined(separator: " + "))") } else { print("baseline none (compare needs one)") }
            if let c = p.shifts {
                let shifts = c.shifts.map { "\($0.name) \(offsetClock($0.start)) \($0.length / 3600) h" }.joined(separator: ", ")
                print("shifts   \(shifts)" + (c.hasTeams ? "; teams \(c.teams.joined(separator: ", ")) on a \(c.rotation.count)-day rotation" : ""))
            }
            if let c = p.carbon {
                print("carbon   scope 1 \(c.scope1.map(\.tag).joined(separator: ", ")); scope 2 location \(c.locationFactor), residual \(c.residualFactor) kg/kWh; \(c.offsets.count) offset retirements")
            }
            if let t = p.tariff {
                if !t.prices.isEmpty { print("tariff   \(t.prices.map { "\($0.name) \($0.price)" }.joined(separator: ", ")) CNY/kWh on \(t.meters.joined(separator: ", "))") }
                if let d = t.demand {
                    print("demand   \(d.price) CNY per kW of the month's highest \(Int(d.interval / 60))-min mean power (\(d.periodsText.isEmpty ? "all hours" : d.periodsText)) on \(t.meters.joined(separator: ", "))")
                }
            }
            print("screen   headline \(p.headline.joined(separator: ", ")); equipment \(p.equipment.isEmpty ? "none" : p.equipment.joined(separator: ", "))")
            if let s = p.simulator {
                print("simulator \(s.id): scenarios \(s.scenarios.map(\.id).joined(separator: ", "))")
            } else {
                print("simulator none: report, replay, compare, live/serve with --follow or --modbus")
            }
        }

        private func offsetText(_ s: Int) -> String {
            let a = abs(s)
            return (s < 0 ? "−" : "+") + String(format02(a / 3600)) + ":" + format02(a % 3600 / 60)
        }

        private func format02(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
    }
}

/// Seconds after midnight as "HH:MM".
func offsetClock(_ s: Int) -> String {
    let h = s / 3600, m = s % 3600 / 60
    return (h < 10 ? "0" : "") + "\(h):" + (m < 10 ? "0" : "") + "\(m)"
}
