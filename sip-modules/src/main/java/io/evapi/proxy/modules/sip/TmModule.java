package io.evapi.proxy.modules.sip;

import io.evapi.proxy.spi.Argument;
import io.evapi.proxy.spi.InvalidParamException;
import io.evapi.proxy.spi.Param;
import io.evapi.proxy.spi.RouteType;
import io.evapi.proxy.spi.ScriptConfigException;
import io.evapi.proxy.spi.ScriptHost;
import io.evapi.proxy.spi.sip.RequestRouting;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Kamailio's {@code tm}: stateful transactions, forwarding, failure routes, timers. */
public final class TmModule extends SipModule {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("tm");
    private static final io.evapi.proxy.spi.LogLimiter NO_TRANSACTION_LOG = new io.evapi.proxy.spi.LogLimiter(10);
    private static final Set<RouteType> REQUEST_FAILURE = EnumSet.of(RouteType.REQUEST, RouteType.FAILURE);
    private static final Set<RouteType> REPLY_FAILURE = EnumSet.of(RouteType.FAILURE, RouteType.ONREPLY);

    @Override
    public String name() {
        return "tm";
    }

    /**
     * The transaction timers in milliseconds and the bound on live transactions. The SIP host reads them to
     * configure its engine; they are checked here, at the modparam line.
     */
    public record Params(@Param(defaultValue = "30000") long frTimer, @Param(defaultValue = "120000") long frInvTimer,
            @Param(defaultValue = "65536") int maxTransactions) {
        public Params {
            InvalidParamException.check(frTimer > 0, "fr_timer", "expected a positive time in milliseconds, found "
                    + frTimer);
            InvalidParamException.check(frInvTimer > 0, "fr_inv_timer",
                    "expected a positive time in milliseconds, found " + frInvTimer);
            InvalidParamException.check(maxTransactions > 0, "max_transactions",
                    "expected a positive number of transactions, found " + maxTransactions);
        }
    }

    @Override
    public Class<? extends Record> parametersType() {
        return Params.class;
    }

    @Override
    List<Export> exports() {
        return List.of(
                Export.of("t_newtran", 0, 0, EnumSet.of(RouteType.REQUEST),
                        site -> onRequest(rc -> result(rc.newTransaction()))),
                Export.of("t_relay", 0, 0, REQUEST_FAILURE, site -> onRequest(rc -> result(rc.relay()))),
                Export.of("t_reply", 2, 2, SIP_ROUTES, site -> {
                    Argument code = site.arguments().get(0);
                    Argument reason = site.arguments().get(1);
                    Replies.checkCode(code);
                    return ctx -> {
                        RequestRouting rc = ctx.get(RequestRouting.KEY);
                        if (rc == null) {
                            return -1;
                        }
                        if (!rc.hasTransaction()) {
                            // Kamailio's t_reply needs the transaction t_newtran (or t_relay, ...) created
                            long held = NO_TRANSACTION_LOG.permit();
                            if (held >= 0) {
                                LOG.error("t_reply at {}: cannot send a t_reply to a message for which no T-state has"
                                        + " been established (call t_newtran() first){}", site.position(),
                                        io.evapi.proxy.spi.LogLimiter.suppressedNote(held));
                            }
                            return -1;
                        }
                        // the reason is a string or one variable, not a format string (Kamailio's fixup_var_str)
                        return result(rc.reply((int) code.asLong(ctx), reason.asStringOrVariable(ctx)));
                    };
                }),
                Export.of("t_check_trans", 0, 0, SIP_ROUTES, site -> onRequest(rc -> result(rc.checkTransaction()))),
                Export.of("t_on_failure", 1, 1, REQUEST_FAILURE, site -> {
                    String route = routeName(site.arguments().get(0), site.host(), ScriptHost.RouteKind.FAILURE,
                            "failure_route");
                    return onRequest(rc -> {
                        rc.setFailureRoute(route);
                        return 1;
                    });
                }),
                Export.of("t_on_reply", 1, 1, REQUEST_FAILURE, site -> {
                    String route = routeName(site.arguments().get(0), site.host(), ScriptHost.RouteKind.ONREPLY,
                            "onreply_route");
                    return onRequest(rc -> {
                        rc.setReplyRoute(route);
                        return 1;
                    });
                }),
                Export.of("t_on_branch", 1, 1, REQUEST_FAILURE, site -> {
                    String route = routeName(site.arguments().get(0), site.host(), ScriptHost.RouteKind.BRANCH,
                            "branch_route");
                    return onRequest(rc -> {
                        rc.setBranchRoute(route);
                        return 1;
                    });
                }),
                Export.of("t_is_canceled", 0, 0, EnumSet.allOf(RouteType.class), site -> onRequest(rc -> {
                    if (!rc.hasTransaction()) {
                        long held = NO_TRANSACTION_LOG.permit();
                        if (held >= 0) {
                            LOG.error("t_is_canceled at {}: cannot check a message for which no T-state has been"
                                    + " established{}", site.position(), io.evapi.proxy.spi.LogLimiter.suppressedNote(held));
                        }
                        return -1;
                    }
                    return result(rc.transactionCanceled());
                })),
                Export.of("t_is_set", 1, 1, EnumSet.allOf(RouteType.class), site -> {
                    RequestRouting.ArmedRoute target = target(site.arguments().get(0));
                    return onRequest(rc -> result(rc.isRouteArmed(target)));
                }),
                Export.of("t_check_status", 1, 1, EnumSet.allOf(RouteType.class), site -> {
                    Pattern regex = regex(site.arguments().get(0));
                    return onRequest(rc -> result(rc.replyStatus() > 0
                            && regex.matcher(String.valueOf(rc.replyStatus())).find()));
                }),
                Export.of("t_set_fr", 1, 2, SIP_ROUTES, site -> {
                    Argument frInv = site.arguments().get(0);
                    Argument fr = site.arguments().size() > 1 ? site.arguments().get(1) : null;
                    return ctx -> {
                        RequestRouting rc = ctx.get(RequestRouting.KEY);
                        if (rc == null) {
                            return -1;
                        }
                        rc.setFrTimers(fr == null ? 0 : fr.asLong(ctx), frInv.asLong(ctx));
                        return 1;
                    };
                }));
    }

    /** t_is_set's target: Kamailio reads its first letter (b, f or o). */
    private static RequestRouting.ArmedRoute target(Argument arg) throws ScriptConfigException {
        Object t = arg.constant().orElseThrow(() -> new ScriptConfigException(
                "expected a constant target: branch_route, failure_route or onreply_route"));
        return switch (t.toString()) {
            case "branch_route" -> RequestRouting.ArmedRoute.BRANCH;
            case "failure_route" -> RequestRouting.ArmedRoute.FAILURE;
            case "onreply_route" -> RequestRouting.ArmedRoute.ONREPLY;
            default -> throw new ScriptConfigException("unknown target '" + t
                    + "': expected branch_route, failure_route or onreply_route");
        };
    }

    private static String routeName(Argument arg, ScriptHost host, ScriptHost.RouteKind kind, String block)
            throws ScriptConfigException {
        Object name = arg.constant().orElseThrow(
                () -> new ScriptConfigException("expected a constant route name"));
        if (host.route(kind, name.toString()).isEmpty()) {
            throw new ScriptConfigException("no " + block + "[" + name + "] is defined");
        }
        return name.toString();
    }

    private static Pattern regex(Argument arg) throws ScriptConfigException {
        Object re = arg.constant().orElseThrow(
                () -> new ScriptConfigException("expected a constant regular expression such as \"4[0-9][0-9]\""));
        try {
            return Pattern.compile("^(" + re + ")$");
        } catch (PatternSyntaxException e) {
            throw new ScriptConfigException("bad regular expression '" + re + "': " + e.getDescription());
        }
    }
}
