// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "plantwatch",
    // Linux only (built and tested on Debian with Swift 6): the code calls Glibc by name and links
    // ncursesw, so it does not build on Apple platforms, and a `platforms:` line — which can only
    // name Apple ones — would claim otherwise. A macOS port would start at macOS 15, the first with
    // Synchronization.Mutex.
    products: [
        .executable(name: "plantwatch", targets: ["plantwatch"]),
        .library(name: "PlantModel", targets: ["PlantModel"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.65.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.0.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.0.0"),
    ],
    targets: [
        // ncursesw as a system library: the module map links it, the shim sets the
        // wide-character feature macros SwiftPM would otherwise drop.
        .systemLibrary(
            name: "CNcurses",
            path: "Sources/CNcurses",
            providers: [.apt(["libncurses-dev"])]
        ),
        // Pure Swift domain core: units, physics, plants, simulation, logs, KPIs. No terminal code.
        // The built-in plants' site files are compiled in (embedInCode), so the binary stays one
        // self-contained file.
        .target(name: "PlantModel", dependencies: ["Yams"],
                resources: [.embedInCode("Sites/catl.yaml"), .embedInCode("Sites/humanwell.yaml"), .embedInCode("Sites/moma.yaml")]),
        .executableTarget(
            name: "plantwatch",
            dependencies: [
                "PlantModel",
                "CNcurses",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(name: "PlantModelTests", dependencies: ["PlantModel", .product(name: "PropertyBased", package: "swift-property-based")]),
        .testTarget(
            name: "plantwatchTests",
            dependencies: [
                "plantwatch",
                "PlantModel",
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
            ],
            exclude: ["Snapshots"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
