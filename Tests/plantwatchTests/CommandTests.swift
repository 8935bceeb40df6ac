import ArgumentParser
import Testing
@testable import plantwatch

/// Bad arguments end in a clear message naming the bad value, never a crash.
@Suite struct SimulateCommandTests {
    func message(_ args: [String]) -> String? {
        do {
            var cmd = try Plantwatch.parseAsRoot(["simulate"] + args)
            try cmd.run()
            return nil
        } catch {
            return Plantwatch.message(for: error)
        }
    }

    let ok = ["--plant", "moma", "--scenario", "retrofit-2019", "--start", "2019-07-01", "--days", "0.01", "-o", "/dev/null"]

    @Test func runsWithGoodArguments() {
        #expect(message(ok) == nil)
    }

    @Test(arguments: [
        (["--plant", "mars"], "unknown plant 'mars'"),
        (["--scenario", "future"], "no scenario 'future'"),
        (["--start", "yesterday"], "'yesterday' is not an ISO 8601"),
        (["--days", "0"], "--days must be"),
        (["--step", "0"], "--step must be"),
        (["--format", "xml"], "--format must be wide or long"),
        (["--measures", "cfms"], "no measure 'cfms'"),
        (["--fault", "boiler-fouling@2019-07-01"], "does not apply to plant moma"),
        (["--fault", "stuck-sensor@2019-07-01"], "needs a tag"),
        (["--fault", "meter-dropout:nope@2019-07-01"], "no tag 'nope'"),
        (["-o", "/nonexistent-dir/x.csv"], "cannot create file"),
    ])
    func reportsBadArguments(_ change: [String], _ expected: String) {
        var args = ok
        if let i = args.firstIndex(of: change[0]) { args[i + 1] = change[1] } else { args += change }
        let m = message(args) ?? ""
        #expect(m.contains(expected), "\(m)")
    }
}
