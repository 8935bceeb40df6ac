import ArgumentParser
import PlantModel

/// `plantwatch bench-render`: times `render(state) -> Frame` and the frame diff, without a terminal.
struct BenchRenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-render", abstract: "Benchmark: time rendering dashboard frames into the cell grid.", shouldDisplay: false)

    @Option(help: "Frame width.") var width = 200
    @Option(help: "Frame height.") var height = 60
    @Option(help: "Frames to render.") var frames = 2000

    func run() throws {
        for screen in [DashboardState.Screen.overview, .detail] {
            var s = try DashboardState.demo(width: width, height: height, screen: screen)
            var best = Double.infinity, total = 0.0
            var last = DashboardRenderer.render(s)
            for i in 0..<frames {
                s.simTime += Double(i % 2)     // the clock changes, as it does every second live
                let t0 = monotonic()
                let f = DashboardRenderer.render(s)
                let dt = monotonic() - t0
                best = min(best, dt)
                total += dt
                if f == last { last = f }
            }
            print("\(screen == .overview ? "overview" : "detail  ") \(width)×\(height): mean \(NumberFormat.string(total / Double(frames) * 1e6, decimals: 0)) µs, best \(NumberFormat.string(best * 1e6, decimals: 0)) µs per frame")
        }
    }
}
