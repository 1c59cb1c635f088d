package io.evapi.proxy.script;

import io.evapi.proxy.config.Position;
import io.evapi.proxy.spi.LogLimiter;
import io.evapi.proxy.spi.PseudoVariable;
import io.evapi.proxy.spi.ScriptRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The compiled statement nodes. */
final class Statements {
    private static final Logger LOG = LoggerFactory.getLogger("script");
    private static final LogLimiter RECURSION_LOG = new LogLimiter(10);
    private static final LogLimiter ASSIGN_LOG = new LogLimiter(10);

    private Statements() {
    }

    /**
     * Runs a nested block one level deeper, as Kamailio's {@code run_actions}: past {@code max_recursive_level}
     * the block does not run, an error is logged, and the caller goes on (a route call then returns -1).
     *
     * @return the block's flow, or null when the level was refused
     */
    static Flow nested(Node body, Run run, Position at) {
        int level = run.enter();
        try {
            if (level > run.maxDepth()) {
                long held = RECURSION_LOG.permit();
                if (held >= 0) {
                    LOG.error("too many recursive routing table lookups ({}) giving up! at {} (max_recursive_level={}){}",
                            level, at, run.maxDepth(), LogLimiter.suppressedNote(held));
                }
                return null;
            }
            return body.exec(run);
        } finally {
            run.leave();
        }
    }

    private static Flow orNext(Flow f) {
        return f == null ? Flow.NEXT : f;
    }

    /** Runs statements in order; a run-time error is tagged with the position of the statement raising it. */
    record Block(Node[] body, Position position) implements Node {
        @Override
        public Flow exec(Run run) {
            for (Node n : body) {
                Flow f;
                try {
                    f = n.exec(run);
                } catch (ScriptFailure | ExitSignal e) {
                    throw e;
                } catch (RuntimeException e) {
                    throw new ScriptFailure(n.position(), e instanceof ScriptRuntimeException
                            ? e.getMessage() : e.toString(), e);
                }
                if (f != Flow.NEXT) {
                    return f;
                }
            }
            return Flow.NEXT;
        }
    }

    record If(Eval condition, Node then, Node otherwise, Position position) implements Node {
        @Override
        public Flow exec(Run run) {
            if (ScriptValues.truthy(condition.eval(run))) {
                return orNext(nested(then, run, position));
            }
            return otherwise == null ? Flow.NEXT : orNext(nested(otherwise, run, position));
        }
    }

    record While(Eval condition, Node body, int maxLoops, Position position) implements Node {
        @Override
        public Flow exec(Run run) {
            int loops = 0;
            while (ScriptValues.truthy(condition.eval(run))) {
                if (++loops > maxLoops) {
                    throw new ScriptRuntimeException("while loop ran more than max_while_loops=" + maxLoops + " times");
                }
                Flow f = orNext(nested(body, run, position));
                if (f == Flow.BREAK) {
                    break;
                }
                if (f != Flow.NEXT) {
                    return f;
                }
            }
            return Flow.NEXT;
        }
    }

    /** C-style switch: runs from the matching case (or default) until break, falling through. */
    record Switch(Eval subject, Object[] labels, boolean[] isDefault, Node[] bodies, Position position)
            implements Node {
        @Override
        public Flow exec(Run run) {
            Object v = subject.eval(run);
            int start = -1;
            for (int i = 0; i < labels.length && start < 0; i++) {
                if (!isDefault[i] && ScriptValues.equal(v, labels[i])) {
                    start = i;
                }
            }
            for (int i = 0; i < labels.length && start < 0; i++) {
                if (isDefault[i]) {
                    start = i;
                }
            }
            if (start < 0) {
                return Flow.NEXT;
            }
            return orNext(nested(new Cases(bodies, start, position), run, position));
        }
    }

    /** The bodies of a switch from the matching case on, falling through until {@code break}. */
    private record Cases(Node[] bodies, int from, Position position) implements Node {
        @Override
        public Flow exec(Run run) {
            for (int i = from; i < bodies.length; i++) {
                Flow f = bodies[i].exec(run);
                if (f == Flow.BREAK) {
                    return Flow.NEXT;
                }
                if (f != Flow.NEXT) {
                    return f;
                }
            }
            return Flow.NEXT;
        }
    }

    record Return(Eval value, Position position) implements Node {
        @Override
        public Flow exec(Run run) {
            run.returnCode(value == null ? 1 : ScriptValues.toLong(value.eval(run)));
            return Flow.RETURN;
        }
    }

    record Stop(Flow flow, Position position) implements Node {
        @Override
        public Flow exec(Run run) {
            return flow;
        }
    }

    /**
     * {@code $x = value;}. When the value is a variable whose transformation fails (Kamailio's "non existing right
     * pvar"), the target gets {@code $null} and the failure is logged at error level, as Kamailio logs it; the
     * run goes on.
     */
    record Assign(PseudoVariable target, Eval value, Position position) implements Node {
        @Override
        public Flow exec(Run run) {
            Object v = value.eval(run);
            target.set(run, v);
            if (v == null && value instanceof Expressions.PvRead read && read.transformations().length > 0) {
                long held = ASSIGN_LOG.permit();
                if (held >= 0) {
                    LOG.error("assignment failed at {}: {} has no value (a transformation of {} failed){}", position,
                            target, read.pv(), LogLimiter.suppressedNote(held));
                }
            }
            return Flow.NEXT;
        }
    }

    record Evaluate(Eval expr, Position position) implements Node {
        @Override
        public Flow exec(Run run) {
            expr.eval(run);
            return Flow.NEXT;
        }
    }

    /**
     * {@code route(NAME)}: its return value becomes {@code $rc}; {@code return(0)} there ends the run. Past
     * {@code max_recursive_level} the route does not run and {@code $rc} is -1, as in Kamailio.
     */
    record RouteCall(RouteTable routes, int index, Position position) implements Node {
        @Override
        public Flow exec(Run run) {
            try {
                run.returnCode(1);
                Flow f = nested(routes.body(index), run, position);
                if (f == null) {
                    run.returnCode(-1);
                    return Flow.NEXT;
                }
                if (f == Flow.EXIT || f == Flow.DROP) {
                    return f;
                }
                return f == Flow.RETURN && run.returnCode() == 0 ? Flow.EXIT : Flow.NEXT;
            } catch (ScriptFailure e) {
                throw e.in("route[" + routes.entries().get(index).name() + "]");
            }
        }
    }
}
