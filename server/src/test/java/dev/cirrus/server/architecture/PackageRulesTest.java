package dev.cirrus.server.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The server's shape, checked: a core that knows no transport and no wire protocol, the cirrus.v1
 * protocol over it, and doors around both. A new store or door that reaches past these lines
 * fails here, not in review.
 */
class PackageRulesTest {
  private static final String[] CORE = {
      "dev.cirrus.server.store..", "dev.cirrus.server.limits..", "dev.cirrus.server.feed..",
      "dev.cirrus.server.auth..", "dev.cirrus.server.error.."};

  private static JavaClasses server;

  @BeforeAll
  static void importServer() {
    server = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.cirrus.server");
  }

  @Test
  void theCoreKnowsNoTransportAndNoWireProtocol() {
    noClasses().that().resideInAnyPackage(CORE)
        .should().dependOnClassesThat().resideInAnyPackage(
            "io.grpc..", "dev.cirrus.proto..", "dev.cirrus.wire..",
            "dev.cirrus.server.v1..", "dev.cirrus.server.grpc..", "dev.cirrus.server.fastpath..",
            "dev.cirrus.server.http..", "dev.cirrus.server.momento..",
            "dev.cirrus.momento.proto..", "io.netty..")
        .because("stores and doors are adapters over the core, never the other way round")
        .check(server);
  }

  @Test
  void grpcOnlyInItsDoorAndTheCompositionRoot() {
    noClasses().that().resideOutsideOfPackages("dev.cirrus.server.grpc..", "dev.cirrus.server")
        .should().dependOnClassesThat().resideInAnyPackage("io.grpc..")
        .because("only the gRPC door and the class that wires the server together speak gRPC")
        .check(server);
  }

  @Test
  void theDataPathDoorDoesNotGoThroughGrpc() {
    noClasses().that().resideInAPackage("dev.cirrus.server.fastpath..")
        .should().dependOnClassesThat().resideInAPackage("dev.cirrus.server.grpc..")
        .check(server);
  }

  @Test
  void theHttpDoorStandsBesideTheOthers() {
    noClasses().that().resideInAPackage("dev.cirrus.server.http..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "dev.cirrus.server.grpc..", "dev.cirrus.server.fastpath..", "dev.cirrus.server.v1..")
        .because("the HTTP door speaks HTTP over the core; routes of other protocols plug into its"
            + " Router from outside")
        .check(server);
  }

  @Test
  void picocliOnlyInTheCommandLine() {
    noClasses().that().resideOutsideOfPackage("dev.cirrus.server.cli..")
        .should().dependOnClassesThat().resideInAPackage("picocli..")
        .because("the command line turns flags into a ServerConfig; the server never sees them")
        .check(server);
  }

  @Test
  void nettyOnlyInTheDoorsOnItsEventLoops() {
    noClasses().that().resideOutsideOfPackages("dev.cirrus.server.http..",
            "dev.cirrus.server.fastpath..", "dev.cirrus.server.netty..")
        .should().dependOnClassesThat().resideInAPackage("io.netty..")
        .because("the HTTP door and the data path run on Netty (sharing dev.cirrus.server.netty);"
            + " routes see HttpCall and HttpReply, never the HTTP library under them")
        .check(server);
  }

  @Test
  void theNettyHelpersKnowNoDoor() {
    noClasses().that().resideInAPackage("dev.cirrus.server.netty..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.cirrus.server.http..",
            "dev.cirrus.server.fastpath..", "dev.cirrus.server.grpc..", "dev.cirrus.server.v1..")
        .because("what the Netty doors share is transport, beneath every door")
        .check(server);
  }

  @Test
  void cirrusV1MessagesOnlyInTheProtocolAndTheGrpcDoor() {
    noClasses().that().resideOutsideOfPackages(
            "dev.cirrus.server.v1..", "dev.cirrus.server.grpc..", "dev.cirrus.server")
        .should().dependOnClassesThat().resideInAPackage("dev.cirrus.proto..")
        .because("cirrus.v1 is one protocol among the doors; the core speaks domain records")
        .check(server);
  }

  @Test
  void theCoreDoesNotKnowItIsMeasured() {
    noClasses().that().resideInAnyPackage(CORE)
        .should().dependOnClassesThat().resideInAnyPackage("dev.cirrus.server.metrics..",
            "io.micrometer..")
        .because("metrics wrap the store from outside (MeteredCacheStore); the core only keeps"
            + " the counts it has anyway, read through CacheStore.activity")
        .check(server);
  }

  @Test
  void momentoMessagesOnlyInTheirProtocolAndTheGrpcDoor() {
    noClasses().that().resideOutsideOfPackages(
            "dev.cirrus.server.momento..", "dev.cirrus.server.grpc..", "dev.cirrus.server")
        .should().dependOnClassesThat().resideInAPackage("dev.cirrus.momento.proto..")
        .because("Momento's protocol is one more door over the core, beside cirrus.v1")
        .check(server);
  }

  @Test
  void metricsSpeakHttpOnlyInTheirWebPackage() {
    noClasses().that().resideInAPackage("dev.cirrus.server.metrics")
        .should().dependOnClassesThat().resideInAnyPackage("dev.cirrus.server.http..",
            "dev.cirrus.server.metrics.web..")
        .because("recording knows no door; metrics.web serves the figures over HTTP")
        .check(server);
  }

  @Test
  void theTwoProtocolsStayApart() {
    noClasses().that().resideInAPackage("dev.cirrus.server.momento..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "dev.cirrus.server.v1..", "dev.cirrus.proto..", "io.grpc..")
        .because("Momento's protocol maps onto the core, not onto cirrus.v1, and knows no transport")
        .check(server);
  }

  @Test
  void packagesHaveNoCycles() {
    slices().matching("dev.cirrus.server.(*)..").should().beFreeOfCycles().check(server);
  }
}
