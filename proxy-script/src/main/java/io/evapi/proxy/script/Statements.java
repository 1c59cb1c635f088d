package io.evapi.proxy.script;

import io.evapi.proxy.config.Position;
import io.evapi.proxy.spi.PseudoVariable;
import io.evapi.proxy.spi.ScriptRuntimeException;

/** The compiled statement nodes. */
final class Statements {

    private Statements() {
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
                return then.exec(run);
            }
            return otherwise == null ? Flow.NEXT : otherwise.exec(run);
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
                Flow f = body.exec(run);
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
            for (int i = Math.max(start, 0); start >= 0 && i < bodies.length; i++) {
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

    record Assign(PseudoVariable target, Eval value, Position position) implements Node {
        @Override
        public Flow exec(Run run) {
            target.set(run, value.eval(run));
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

    /** {@code route(NAME)}: its return value becomes {@code $rc}; {@code return(0)} there ends the run. */
    record RouteCall(RouteTable routes, int index, Position position) implements Node {
        private static final int MAX_DEPTH = 100;

        @Override
        public Flow exec(Run run) {
            try {
                if (run.enter() > MAX_DEPTH) {
                    throw new ScriptRuntimeException("routes nested deeper than " + MAX_DEPTH + " (a route calls itself?)");
                }
                run.returnCode(1);
                Flow f = routes.body(index).exec(run);
                if (f == Flow.EXIT || f == Flow.DROP) {
                    return f;
                }
                return f == Flow.RETURN && run.returnCode() == 0 ? Flow.EXIT : Flow.NEXT;
            } catch (ScriptFailure e) {
                throw e.in("route[" + routes.entries().get(index).name() + "]");
            } finally {
                run.leave();
            }
        }
    }
}
