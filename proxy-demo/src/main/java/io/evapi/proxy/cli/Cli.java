package io.evapi.proxy.cli;

import ch.qos.logback.classic.Level;
import io.evapi.proxy.config.ConfigException;
import io.evapi.proxy.host.ProxyHost;
import io.evapi.proxy.host.RunningProxy;
import io.evapi.proxy.script.CompiledConfig;
import io.evapi.proxy.script.ConfigLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command line of proxy-demo.jar, in the spirit of Kamailio's ({@code -f}, {@code -c}, {@code -L},
 * {@code -V}, {@code -h}).
 */
public final class Cli {
    static final String BUNDLED_CONFIG = "proxy-demo.cfg";
    private static final Logger LOG = LoggerFactory.getLogger("proxy");

    private final PrintStream out;
    private final PrintStream err;

    public Cli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Runs the command; returns the process exit code. Blocks while the proxy runs. */
    public int run(String... args) {
        String file = null;
        boolean check = false;
        List<Path> modulePath = new ArrayList<>();
        java.util.Map<String, String> defines = new java.util.LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-h", "--help" -> {
                    out.print(usage());
                    return 0;
                }
                case "-V", "--version" -> {
                    out.println("proxy-demo " + version());
                    return 0;
                }
                case "-c" -> check = true;
                case "--demo", "--demo-calls" -> {
                    return io.evapi.proxy.demo.DemoCommand.run(List.of(args).subList(i, args.length),
                            out, err);
                }
                case "-f", "-L", "-A" -> {
                    if (i + 1 >= args.length) {
                        err.println("proxy-demo: " + args[i] + (args[i].equals("-f") ? " needs a config file\n"
                                : args[i].equals("-L") ? " needs a directory of module jars\n"
                                : " needs a name to define, NAME or NAME=value\n") + usage());
                        return 2;
                    }
                    if (args[i].equals("-f")) {
                        file = args[++i];
                    } else if (args[i].equals("-L")) {
                        modulePath.add(Path.of(args[++i]));
                    } else {
                        String define = args[++i];
                        int eq = define.indexOf('=');
                        String name = eq < 0 ? define : define.substring(0, eq);
                        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                            err.println("proxy-demo: -A " + define + ": expected NAME or NAME=value, NAME made of"
                                    + " letters, digits and '_'\n" + usage());
                            return 2;
                        }
                        defines.put(name, eq < 0 ? "" : define.substring(eq + 1));
                    }
                }
                default -> {
                    err.println("proxy-demo: unknown option " + args[i] + "\n" + usage());
                    return 2;
                }
            }
        }
        CompiledConfig config;
        try {
            config = file == null ? loadBundled(modulePath, defines)
                    : ProxyHost.load(Path.of(file), modulePath, defines);
        } catch (ConfigException e) {
            e.errors().forEach(error -> err.println(error));
            err.println("proxy-demo: config " + (file == null ? BUNDLED_CONFIG : file) + " has "
                    + e.errors().size() + " error(s)");
            return 1;
        }
        if (check) {
            config.warnings().forEach(w -> err.println(w.position() + ": warning: " + w.message()));
            out.println("config " + (file == null ? BUNDLED_CONFIG + " (bundled)" : file) + " is valid"
                    + (config.warnings().isEmpty() ? "" : " (" + config.warnings().size() + " warning(s))"));
            return 0;
        }
        return serve(config);
    }

    private int serve(CompiledConfig config) {
        LogLevels.apply(config.settings().debug());
        RunningProxy proxy;
        try {
            proxy = RunningProxy.start(config);
        } catch (Exception e) {
            LOG.error("cannot start: {}", e.getMessage(), e);
            return 1;
        }
        LOG.info("proxy-demo {} running with modules {}", version(), config.moduleNames());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            proxy.close();
            stopped.countDown();
        }, "proxy-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    static CompiledConfig loadBundled(List<Path> modulePath) throws ConfigException {
        return loadBundled(modulePath, java.util.Map.of());
    }

    static CompiledConfig loadBundled(List<Path> modulePath, java.util.Map<String, String> defines)
            throws ConfigException {
        try (InputStream in = Cli.class.getClassLoader().getResourceAsStream(BUNDLED_CONFIG)) {
            if (in == null) {
                throw new IllegalStateException("the jar has no bundled " + BUNDLED_CONFIG);
            }
            return ConfigLoader.load(new String(in.readAllBytes(), StandardCharsets.UTF_8), BUNDLED_CONFIG, null,
                    ProxyHost.options(modulePath).withDefines(defines));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the bundled " + BUNDLED_CONFIG, e);
        }
    }

    static String version() {
        String v = Cli.class.getPackage().getImplementationVersion();
        return v == null ? "development build" : v;
    }

    static String usage() {
        return """
                usage: java -jar proxy-demo.jar [-f FILE] [-c] [-L DIR]... [-A NAME[=VALUE]]... [-V] [-h]
                       java -jar proxy-demo.jar --demo | --demo-calls N
                  -f FILE  config file (Kamailio syntax); without it the bundled demo config runs
                  -c       check the config and exit: 0 when valid (warnings listed), 1 with the errors listed
                  -L DIR   a directory of module jars, searched before the config's mpath (repeatable)
                  -A NAME[=VALUE]  defines NAME before the config is read, as #!define (repeatable)
                  -V       print the version and exit
                  -h       print this help and exit
                  --demo-calls N  routing demo on 127.0.0.1 (SIP 5060, evapi 8448, callee 5090): an app on evapi
                           decides each call; places N calls with a trace each, one with the app stopped, exits
                  --demo   the same with 3 calls, then keeps running (app connected) for sipp calls; Ctrl-C stops
                Logs go to stderr; the config's debug= setting chooses the level.
                """;
    }

    /** Maps Kamailio's {@code debug=} onto the Logback root level. */
    static final class LogLevels {
        private LogLevels() {
        }

        static Level of(int debug) {
            if (debug >= 3) {
                return Level.DEBUG;
            }
            if (debug >= 1) {
                return Level.INFO;
            }
            return debug == 0 ? Level.WARN : Level.ERROR;
        }

        static void apply(int debug) {
            org.slf4j.Logger root = LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            if (root instanceof ch.qos.logback.classic.Logger logback) {
                logback.setLevel(of(debug));
            }
        }
    }
}
