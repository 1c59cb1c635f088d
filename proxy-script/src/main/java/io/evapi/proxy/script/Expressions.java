package io.evapi.proxy.script;

import io.evapi.proxy.spi.PseudoVariable;
import io.evapi.proxy.spi.ScriptFunction.BoundCall;
import io.evapi.proxy.spi.ScriptRuntimeException;
import io.evapi.proxy.transform.Transformation;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** The compiled expression nodes. */
final class Expressions {

    private Expressions() {
    }

    record Const(Object value) implements Eval {
        @Override
        public Object eval(Run run) {
            return value;
        }

        @Override
        public boolean constant() {
            return true;
        }
    }

    /** A pseudo-variable read, then its transformations in order. */
    record PvRead(PseudoVariable pv, Transformation[] transformations) implements Eval {
        @Override
        public Object eval(Run run) {
            Object v = pv.get(run);
            for (Transformation t : transformations) {
                v = t.apply(v);
            }
            return v;
        }
    }

    /** A string with pseudo-variables: parts are {@code String}s or {@link Eval}s. */
    record Template(Object[] parts) implements Eval {
        @Override
        public Object eval(Run run) {
            StringBuilder sb = new StringBuilder(64);
            for (Object p : parts) {
                sb.append(p instanceof String s ? s : ScriptValues.text(((Eval) p).eval(run)));
            }
            return sb.toString();
        }
    }

    /**
     * A module function call. As in Kamailio its value is a truth value: 1 for a positive result, 0 for a
     * negative one; the result itself goes to {@code $rc}, and 0 ends the run.
     */
    record Call(String name, BoundCall call) implements Eval {
        @Override
        public Object eval(Run run) {
            int result = call.call(run);
            run.returnCode(result);
            if (result == 0) {
                throw ExitSignal.INSTANCE;
            }
            return result > 0 ? 1L : 0L;
        }
    }

    /** {@code route(X)} in an expression: runs the route; true when it returned a positive code. */
    record RouteCall(Statements.RouteCall route) implements Eval {
        @Override
        public Object eval(Run run) {
            Flow f = route.exec(run);
            if (f == Flow.EXIT) {
                throw ExitSignal.INSTANCE;
            }
            if (f == Flow.DROP) {
                throw ExitSignal.DROP;
            }
            return run.returnCode() > 0 ? 1L : 0L;
        }
    }

    record Not(Eval operand) implements Eval {
        @Override
        public Object eval(Run run) {
            return ScriptValues.truthy(operand.eval(run)) ? 0L : 1L;
        }
    }

    record Negate(Eval operand) implements Eval {
        @Override
        public Object eval(Run run) {
            return -ScriptValues.toLong(operand.eval(run));
        }
    }

    record Logic(boolean and, Eval left, Eval right) implements Eval {
        @Override
        public Object eval(Run run) {
            boolean l = ScriptValues.truthy(left.eval(run));
            if (and ? !l : l) {
                return and ? 0L : 1L;
            }
            return ScriptValues.truthy(right.eval(run)) ? 1L : 0L;
        }
    }

    record Compare(String op, Eval left, Eval right) implements Eval {
        @Override
        public Object eval(Run run) {
            Object a = left.eval(run);
            Object b = right.eval(run);
            boolean r = switch (op) {
                case "==" -> ScriptValues.equal(a, b);
                case "!=" -> !ScriptValues.equal(a, b);
                case "<" -> ScriptValues.compare(a, b) < 0;
                case ">" -> ScriptValues.compare(a, b) > 0;
                case "<=" -> ScriptValues.compare(a, b) <= 0;
                default -> ScriptValues.compare(a, b) >= 0;
            };
            return r ? 1L : 0L;
        }
    }

    /** {@code =~} and {@code !~}: a regular-expression search, case-insensitive as Kamailio's. */
    record Match(boolean negate, Eval subject, Pattern fixed, Eval pattern, PatternCache dynamic) implements Eval {
        Match(boolean negate, Eval subject, Pattern fixed, Eval pattern) {
            this(negate, subject, fixed, pattern, fixed != null ? null : new PatternCache(Match::compile));
        }

        @Override
        public Object eval(Run run) {
            Pattern p = fixed != null ? fixed : dynamic.get(ScriptValues.text(pattern.eval(run)));
            Object s = subject.eval(run);
            boolean found = s != null && p.matcher(s.toString()).find();
            return found != negate ? 1L : 0L;
        }

        static Pattern compile(String regex) {
            try {
                return Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
            } catch (PatternSyntaxException e) {
                throw new ScriptRuntimeException("bad regular expression '" + regex + "': " + e.getDescription());
            }
        }
    }

    /** {@code +}: integer addition ({@code $null} as 0), or concatenation when either side is a string. */
    record Add(Eval left, Eval right) implements Eval {
        @Override
        public Object eval(Run run) {
            Object a = left.eval(run);
            Object b = right.eval(run);
            if (!(a instanceof String) && !(b instanceof String)) {
                // $null beside an integer counts as 0, so `$avp(n) = $avp(n) + 1` counts from an unset AVP
                return (a == null ? 0L : (Long) a) + (b == null ? 0L : (Long) b);
            }
            return (a == null ? "" : a.toString()) + (b == null ? "" : b.toString());
        }
    }

    record Arithmetic(char op, Eval left, Eval right) implements Eval {
        @Override
        public Object eval(Run run) {
            long a = ScriptValues.toLong(left.eval(run));
            long b = ScriptValues.toLong(right.eval(run));
            if ((op == '/' || op == '%') && b == 0) {
                throw new ScriptRuntimeException("division by zero");
            }
            return switch (op) {
                case '-' -> a - b;
                case '*' -> a * b;
                case '/' -> a / b;
                default -> a % b;
            };
        }
    }
}
