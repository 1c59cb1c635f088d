package io.evapi.proxy.modules.xlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.evapi.proxy.pv.TestContext;
import io.evapi.proxy.spi.Argument;
import io.evapi.proxy.spi.CallSite;
import io.evapi.proxy.spi.FunctionSpec;
import io.evapi.proxy.spi.ModuleContext;
import io.evapi.proxy.spi.ModuleInstance;
import io.evapi.proxy.spi.ProxyModule;
import io.evapi.proxy.spi.PseudoVariable;
import io.evapi.proxy.spi.RouteType;
import io.evapi.proxy.spi.ScriptConfigException;
import io.evapi.proxy.spi.ScriptContext;
import io.evapi.proxy.spi.ScriptHost;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;

class XlogModuleTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger(XlogModule.LOGGER);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private Level levelBefore;
    private ModuleInstance xlog;

    @BeforeEach
    void captureLog() throws Exception {
        levelBefore = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        appender.start();
        logger.addAppender(appender);
        xlog = new XlogModule().configure(new ModuleContext() {
            @Override
            public Map<String, Object> parameters() {
                return Map.of();
            }

            @Override
            public ScriptHost host() {
                return null;
            }

            @Override
            public <T> void publish(Class<T> type, T service) {
                throw new UnsupportedOperationException("xlog publishes nothing");
            }
        });
    }

    @AfterEach
    void restoreLog() {
        logger.detachAppender(appender);
        logger.setLevel(levelBefore);
    }

    private int call(String function, Argument... args) throws ScriptConfigException {
        return xlog.function(function).bind(new Site(function, List.of(args))).call(new TestContext());
    }

    private ILoggingEvent onlyEvent() {
        assertThat(appender.list).hasSize(1);
        return appender.list.get(0);
    }

    @ParameterizedTest(name = "xlog(\"{0}\", ...) logs at {1}")
    @CsvSource({"L_ALERT, ERROR", "L_BUG, ERROR", "L_CRIT2, ERROR", "L_CRIT, ERROR", "L_ERR, ERROR",
            "L_WARN, WARN", "L_NOTICE, INFO", "L_INFO, INFO", "L_DBG, DEBUG", "l_info, INFO"})
    void levelsMapOntoSlf4j(String level, String expected) throws Exception {
        assertThat(call("xlog", new Text(level), new Text("call from $fU\n"))).isEqualTo(1);

        assertThat(onlyEvent().getLevel()).isEqualTo(Level.toLevel(expected));
        assertThat(onlyEvent().getFormattedMessage()).as("trailing newline dropped").isEqualTo("call from $fU");
        assertThat(onlyEvent().getLoggerName()).isEqualTo("script.xlog");
    }

    @Test
    void formatAloneLogsAtErrAsKamailio() throws Exception {
        assertThat(call("xlog", new Text("plain"))).isEqualTo(1);

        assertThat(onlyEvent().getLevel()).isEqualTo(Level.ERROR);
        assertThat(onlyEvent().getFormattedMessage()).isEqualTo("plain");
    }

    @Test
    void facilityIsAcceptedAndIgnored() throws Exception {
        call("xlog", new Text("LOG_LOCAL0"), new Text("L_WARN"), new Text("with facility\r\n"));

        assertThat(onlyEvent().getLevel()).isEqualTo(Level.WARN);
        assertThat(onlyEvent().getFormattedMessage()).isEqualTo("with facility");
    }

    @ParameterizedTest(name = "{0} logs at {1}")
    @CsvSource({"xalert, ERROR", "xbug, ERROR", "xcrit, ERROR", "xerr, ERROR", "xwarn, WARN", "xnotice, INFO",
            "xinfo, INFO", "xdbg, DEBUG"})
    void shortcuts(String function, String expected) throws Exception {
        assertThat(call(function, new Text("hello\n"))).isEqualTo(1);

        assertThat(onlyEvent().getLevel()).isEqualTo(Level.toLevel(expected));
        assertThat(onlyEvent().getFormattedMessage()).isEqualTo("hello");
    }

    @Test
    void disabledLevelDoesNotFormat() throws Exception {
        logger.setLevel(Level.INFO);
        Text format = new Text("expensive");

        assertThat(call("xdbg", format)).isEqualTo(1);

        assertThat(appender.list).isEmpty();
        assertThat(format.formatted.get()).isZero();
    }

    @Test
    void onlyOneLineEndIsDropped() throws Exception {
        call("xinfo", new Text("two\n\n"));

        assertThat(onlyEvent().getFormattedMessage()).isEqualTo("two\n");
    }

    @Test
    void unknownLevelIsABindTimeError() {
        assertThatThrownBy(() -> call("xlog", new Text("L_LOUD"), new Text("x")))
                .isInstanceOf(ScriptConfigException.class)
                .hasMessageContaining("unknown level \"L_LOUD\"")
                .hasMessageContaining("expected one of L_ALERT L_BUG L_CRIT2 L_CRIT L_ERR L_WARN L_NOTICE L_INFO L_DBG");
        assertThat(appender.list).isEmpty();
    }

    @Test
    void levelMustBeAConstant() {
        assertThatThrownBy(() -> call("xlog", new Expression(), new Text("x")))
                .isInstanceOf(ScriptConfigException.class).hasMessageContaining("expected a constant level");
    }

    @Test
    void badFacilityIsABindTimeError() {
        assertThatThrownBy(() -> call("xlog", new Text("local0"), new Text("L_INFO"), new Text("x")))
                .isInstanceOf(ScriptConfigException.class)
                .hasMessageContaining("expected a constant syslog facility such as \"LOG_LOCAL0\", found \"local0\"");
    }

    @Test
    void declaresItsFunctionsForEveryRoute() {
        List<FunctionSpec> specs = new XlogModule().functions();

        assertThat(specs).extracting(FunctionSpec::name).containsExactlyInAnyOrder("xlog", "xalert", "xbug",
                "xcrit", "xerr", "xwarn", "xnotice", "xinfo", "xdbg");
        assertThat(specs).allSatisfy(s -> assertThat(s.allowedIn()).containsExactlyInAnyOrder(RouteType.values()));
        assertThat(specs).filteredOn(s -> s.name().equals("xlog")).singleElement()
                .satisfies(s -> assertThat(s.maxArgs()).isEqualTo(3));
    }

    @Test
    void registeredAsAService() {
        assertThat(ServiceLoader.load(ProxyModule.class).stream().map(ServiceLoader.Provider::type))
                .contains(XlogModule.class);
        assertThat(new XlogModule().aliases()).contains("xlog.so");
    }

    /** A constant argument. */
    private static final class Text implements Argument {
        private final String text;
        private final AtomicInteger formatted = new AtomicInteger();

        Text(String text) {
            this.text = text;
        }

        @Override
        public Optional<Object> constant() {
            return Optional.of(text);
        }

        @Override
        public String asString(ScriptContext context) {
            formatted.incrementAndGet();
            return text;
        }

        @Override
        public long asLong(ScriptContext context) {
            return Long.parseLong(text);
        }

        @Override
        public Object value(ScriptContext context) {
            return text;
        }

        @Override
        public Optional<PseudoVariable> target() {
            return Optional.empty();
        }
    }

    /** An argument known only at run time. */
    private static final class Expression implements Argument {
        @Override
        public Optional<Object> constant() {
            return Optional.empty();
        }

        @Override
        public String asString(ScriptContext context) {
            return "L_INFO";
        }

        @Override
        public long asLong(ScriptContext context) {
            return 0;
        }

        @Override
        public Object value(ScriptContext context) {
            return "L_INFO";
        }

        @Override
        public Optional<PseudoVariable> target() {
            return Optional.empty();
        }
    }

    private record Site(String functionName, List<Argument> arguments) implements CallSite {
        @Override
        public RouteType routeType() {
            return RouteType.REQUEST;
        }

        @Override
        public String position() {
            return "test.cfg:1:1";
        }

        @Override
        public ScriptHost host() {
            return null;
        }
    }
}
