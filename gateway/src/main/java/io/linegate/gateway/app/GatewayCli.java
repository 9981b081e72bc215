package io.linegate.gateway.app;

import io.linegate.gateway.config.ConfigException;
import io.linegate.gateway.config.ConfigLoader;
import io.linegate.gateway.config.GatewayConfig;
import io.linegate.gateway.config.HttpToken;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gateway} command line: {@code run}, {@code check-config}, {@code demo}. */
@Command(name = "gateway", mixinStandardHelpOptions = true, versionProvider = GatewayCli.Version.class,
        description = "Linegate edge gateway: per-line online regression over MQTT sensor readings.",
        subcommands = {GatewayCli.Run.class, GatewayCli.CheckConfig.class, DemoCommand.class,
                CommandLine.HelpCommand.class})
public final class GatewayCli {

    /** Exit code for a configuration that does not validate. */
    static final int EXIT_CONFIG = 2;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new GatewayCli()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    /** The {@code --config FILE} option shared by the commands that read a configuration file. */
    static final class ConfigFile {

        @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
        CommandLine.Model.CommandSpec spec;

        @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "YAML configuration file.")
        Path path;

        /** The validated configuration, or null after printing the error (exit with {@link #EXIT_CONFIG}). */
        GatewayConfig loadOrReport() {
            try {
                return ConfigLoader.load(path);
            } catch (ConfigException e) {
                spec.commandLine().getErr().println("config error in " + path + ": " + e.getMessage());
                return null;
            }
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Run the gateway with a configuration file until stopped (SIGTERM/Ctrl-C).")
    static final class Run implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        ConfigFile config;

        @Override
        public Integer call() throws InterruptedException {
            GatewayConfig cfg = config.loadOrReport();
            if (cfg == null) {
                return EXIT_CONFIG;
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Gateway gateway;
            try {
                gateway = Gateway.start(cfg, Clock.systemUTC(), new SimpleMeterRegistry());
            } catch (ConfigException e) {
                spec.commandLine().getErr().println("config error in " + config.path + ": " + e.getMessage());
                return EXIT_CONFIG;
            }
            var out = spec.commandLine().getOut();
            out.println(gateway.httpUrl() == null ? "Gateway " + cfg.gatewayId() + " running; operator HTTP disabled"
                    : "Gateway " + cfg.gatewayId() + " running; dashboard at " + gateway.httpUrl() + "/"
                            + " (API /api/lines, /healthz /readyz /metrics)");
            out.flush();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                gateway.close();
                stopped.countDown();
            }, "linegate-shutdown"));
            stopped.await();
            return 0;
        }
    }

    @Command(name = "check-config", mixinStandardHelpOptions = true,
            description = "Validate a configuration file and print the effective settings; exit 2 when invalid.")
    static final class CheckConfig implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        ConfigFile config;

        @Override
        public Integer call() {
            GatewayConfig cfg = config.loadOrReport();
            if (cfg == null) {
                return EXIT_CONFIG;
            }
            boolean token;
            try {
                token = HttpToken.resolve(cfg.http(), System::getenv).isPresent();
            } catch (ConfigException e) {
                spec.commandLine().getErr().println("config error in " + config.path + ": " + e.getMessage());
                return EXIT_CONFIG;
            }
            var out = spec.commandLine().getOut();
            out.println("config OK: " + config.path);
            out.println("  gateway.id        " + cfg.gatewayId());
            out.println("  sensors.mqtt      " + cfg.sensors());
            out.println("  sensors.coap      " + cfg.coap());
            out.println("  upstream          " + cfg.upstream());
            out.println("  lines.defaults    " + cfg.lines().defaults());
            cfg.lines().lines().forEach((id, line) -> out.println("  lines." + id + " " + line));
            out.println("  storage.dir       " + cfg.storageDir());
            out.println("  limits            " + cfg.limits());
            out.println("  http              " + (cfg.http().enabled()
                    ? cfg.http().bind() + ":" + cfg.http().port() + " maxRequestBytes=" + cfg.http().maxRequestBytes()
                            + (token ? " bearer token required" : " no token")
                    : "disabled"));
            if (cfg.needsEmbeddedBroker()) {
                out.println("  embeddedBroker    " + cfg.embeddedBroker().uri());
            }
            return 0;
        }
    }

    /** Version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = GatewayCli.class.getPackage().getImplementationVersion();
            return new String[] {"linegate gateway " + (v == null ? "(development build)" : v)};
        }
    }
}
