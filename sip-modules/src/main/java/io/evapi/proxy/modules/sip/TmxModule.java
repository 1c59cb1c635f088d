package io.evapi.proxy.modules.sip;

import io.evapi.proxy.spi.Argument;
import io.evapi.proxy.spi.CallSite;
import io.evapi.proxy.spi.FunctionSpec;
import io.evapi.proxy.spi.ModuleContext;
import io.evapi.proxy.spi.ModuleInstance;
import io.evapi.proxy.spi.ProxyModule;
import io.evapi.proxy.spi.ProxySpi;
import io.evapi.proxy.spi.PseudoVariable;
import io.evapi.proxy.spi.PseudoVariableResolver;
import io.evapi.proxy.spi.RouteType;
import io.evapi.proxy.spi.ScriptConfigException;
import io.evapi.proxy.spi.ScriptFunction;
import io.evapi.proxy.spi.ScriptHost;
import io.evapi.proxy.spi.sip.TransactionControl;
import io.evapi.proxy.spi.sip.TransactionId;
import java.util.List;

/**
 * Kamailio's {@code tmx}: {@code t_suspend()}, {@code t_continue(tindex, tlabel, rtname)},
 * {@code t_precheck_trans()}, {@code $T(...)} and {@code $T_reply_code}, on the host's {@link TransactionControl}.
 * On a host without one (a config checked with {@code -c}, or run without SIP) they return -1 and {@code $T} is
 * {@code $null}.
 */
public final class TmxModule implements ProxyModule {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("tmx");
    private static final io.evapi.proxy.spi.LogLimiter CONTINUE_LOG = new io.evapi.proxy.spi.LogLimiter(10);

    @Override
    public String name() {
        return "tmx";
    }

    @Override
    public int spiVersion() {
        return ProxySpi.VERSION;
    }

    @Override
    public List<FunctionSpec> functions() {
        return List.of(FunctionSpec.in("t_suspend", 0, 0, RouteType.REQUEST, RouteType.FAILURE),
                FunctionSpec.anyRoute("t_continue", 3, 3), FunctionSpec.in("t_precheck_trans", 0, 0, RouteType.REQUEST));
    }

    @Override
    public List<String> pseudoVariableClasses() {
        return List.of("T", "T_reply_code");
    }

    /**
     * {@code $T_reply_code} and {@code $T(reply_code)}: in an onreply route the reply's status; in a failure route
     * the status that ran it (408 for a timeout); in request and branch routes the last status the transaction
     * sent upstream (0 when none or without a transaction); {@code $null} without a SIP message.
     */
    static Object replyCode(io.evapi.proxy.spi.ScriptContext ctx) {
        io.evapi.proxy.spi.sip.RequestRouting rc = ctx.get(io.evapi.proxy.spi.sip.RequestRouting.KEY);
        io.evapi.proxy.spi.sip.SipMessage m = ctx.get(io.evapi.proxy.spi.sip.SipMessage.KEY);
        if (rc == null || m == null) {
            return null;
        }
        return switch (ctx.routeType()) {
            case ONREPLY -> m.replyStatus() == null ? 0L : (long) m.replyStatus();
            case FAILURE -> (long) rc.replyStatus();
            default -> (long) rc.lastReplySent();
        };
    }

    @Override
    public ModuleInstance configure(ModuleContext context) {
        return new Instance(context.host());
    }

    private static final class Instance implements ModuleInstance {
        private final ScriptHost host;

        Instance(ScriptHost host) {
            this.host = host;
        }

        /** Looked up per call: the host offers it before any route runs, but may add it after configure. */
        private TransactionControl transactions() {
            return host.service(TransactionControl.class).orElse(null);
        }

        @Override
        public ScriptFunction function(String name) {
            return switch (name) {
                case "t_suspend" -> site -> ctx -> {
                    TransactionControl tc = transactions();
                    return tc == null ? -1 : tc.suspend(ctx).code();
                };
                case "t_continue" -> this::bindContinue;
                // true when another worker handles the same request now: JAIN-SIP absorbs such retransmissions
                // before any script runs, so the script never sees one
                case "t_precheck_trans" -> site -> ctx -> -1;
                default -> null;
            };
        }

        private ScriptFunction.BoundCall bindContinue(CallSite site) throws ScriptConfigException {
            Argument index = site.arguments().get(0);
            Argument label = site.arguments().get(1);
            Argument routeName = site.arguments().get(2);
            Object constant = routeName.constant().orElse(null);
            if (constant != null && host.route(ScriptHost.RouteKind.ROUTE, constant.toString()).isEmpty()) {
                throw new ScriptConfigException("no route[" + constant + "] is defined");
            }
            return ctx -> {
                TransactionControl tc = transactions();
                if (tc == null) {
                    return -1;
                }
                long i;
                long l;
                try {
                    i = index.asLong(ctx);
                    l = label.asLong(ctx);
                } catch (io.evapi.proxy.spi.ScriptRuntimeException e) {
                    log(true, "t_continue at {}: cannot get transaction index and label: {}", site.position(),
                            e.getMessage());
                    return -1;
                }
                int r = tc.resume(i, l, routeName.asString(ctx));
                if (r == -1) {
                    log(false, "t_continue at {}: active transaction not found: resuming the processing of"
                            + " transaction [{}:{}] failed", site.position(), i, l);
                } else if (r == -2) {
                    log(false, "t_continue at {}: transaction [{}:{}] is not suspended", site.position(), i, l);
                }
                return r;
            };
        }

        /** Kamailio logs these at warning level (an unknown transaction) and error level (ids that are no ids). */
        private static void log(boolean error, String format, Object... args) {
            long held = CONTINUE_LOG.permit();
            if (held < 0) {
                return;
            }
            String message = format + io.evapi.proxy.spi.LogLimiter.suppressedNote(held);
            if (error) {
                LOG.error(message, args);
            } else {
                LOG.warn(message, args);
            }
        }

        @Override
        public PseudoVariableResolver pseudoVariables(String pvClass) {
            if (pvClass.equals("T_reply_code")) {
                return key -> {
                    if (key != null) {
                        throw new ScriptConfigException("$T_reply_code takes no name in parentheses");
                    }
                    return TmxModule::replyCode;
                };
            }
            return key -> switch (key == null ? "" : key) {
                case "id_index" -> ids(true);
                case "id_label" -> ids(false);
                case "reply_code" -> TmxModule::replyCode;
                default -> throw new ScriptConfigException("unknown key '" + key
                        + "' in $T(...): expected id_index, id_label or reply_code");
            };
        }

        private PseudoVariable ids(boolean index) {
            return ctx -> {
                TransactionControl tc = transactions();
                TransactionId id = tc == null ? null : tc.transactionId(ctx);
                return id == null ? null : (Object) (long) (index ? id.index() : id.label());
            };
        }
    }
}
