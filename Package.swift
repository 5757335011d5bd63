// swift-tools-version:6.1
import PackageDescription

// Dependencies point one way: HavenDomain ← HavenFeatures ← HavenPersistence, HavenWeb ← HavenApp ← haven.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

let package = Package(
    name: "haven",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "haven", targets: ["haven"])
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/leaf.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/leaf-kit.git", from: "1.14.3"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        .target(
            name: "HavenDomain",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            resources: [.copy("Resources/Messages")],
            swiftSettings: strict
        ),
        .target(name: "HavenFeatures", dependencies: ["HavenDomain"], swiftSettings: strict),
        .target(
            name: "HavenPersistence",
            dependencies: [
                "HavenDomain", "HavenFeatures",
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "HavenWeb",
            dependencies: [
                "HavenDomain", "HavenFeatures",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Leaf", package: "leaf"),
                .product(name: "LeafKit", package: "leaf-kit"),
            ],
            resources: [.copy("Resources/Views"), .copy("Resources/Public"), .copy("Resources/OpenAPI")],
            swiftSettings: strict
        ),
        .target(
            name: "HavenApp",
            dependencies: [
                "HavenDomain", "HavenFeatures", "HavenPersistence", "HavenWeb",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Leaf", package: "leaf"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "haven",
            dependencies: [
                "HavenApp", .product(name: "Vapor", package: "vapor"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "HavenTestSupport",
            dependencies: [
                "HavenDomain", "HavenFeatures", "HavenPersistence", "HavenWeb", "HavenApp",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "VaporTesting", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "HavenDomainTests", dependencies: ["HavenDomain"], swiftSettings: strict),
        .testTarget(
            name: "HavenPersistenceTests",
            dependencies: [
                "HavenDomain", "HavenFeatures", "HavenPersistence", "HavenTestSupport",
                .product(name: "Fluent", package: "fluent"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "HavenWebTests",
            dependencies: [
                "HavenDomain", "HavenFeatures", "HavenApp", "HavenWeb", "HavenPersistence", "HavenTestSupport",
                .product(name: "VaporTesting", package: "vapor"),
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
            ],
            swiftSettings: strict
        ),
    ]
)
