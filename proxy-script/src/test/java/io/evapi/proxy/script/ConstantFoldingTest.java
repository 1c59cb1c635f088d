package io.evapi.proxy.script;

import static org.assertj.core.api.Assertions.assertThat;

import io.evapi.proxy.config.Ast;
import io.evapi.proxy.config.ConfigException;
import io.evapi.proxy.config.Position;
import io.evapi.proxy.pv.CorePseudoVariables;
import io.evapi.proxy.spi.ScriptHost;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;

/** Operators on constants are computed once by the compiler; a failing one is left for run time. */
class ConstantFoldingTest {
    private static final Position AT = new Position("test.cfg", 1, 1);
    private final List<ConfigException.Error> errors = new ArrayList<>();
    private final Compiler compiler = new Compiler(new RouteTable(), new Functions(), withVar(),
            Mockito.mock(ScriptHost.class), 100, errors);

    private static PseudoVariables withVar() {
        PseudoVariables pvs = new PseudoVariables();
        CorePseudoVariables core = new CorePseudoVariables();
        pvs.addClass("var", inner -> core.resolve("var", inner).orElseThrow());
        pvs.transformationsLoaded(true);
        return pvs;
    }

    private static Ast.Expr lit(Object v) {
        return new Ast.Literal(v, AT);
    }

    private static Ast.Expr op(String op, Ast.Expr l, Ast.Expr r) {
        return new Ast.Binary(op, l, r, AT);
    }

    @Test
    void constantOperatorsBecomeValues() {
        Eval e = compiler.expr(op("+", op("*", lit(2L), lit(3L)), op("-", lit(10L), lit(4L))));
        assertThat(e).isInstanceOf(Expressions.Const.class);
        assertThat(e.eval(null)).isEqualTo(12L);
        Eval text = compiler.expr(op("+", lit("n="), lit(1L)));
        assertThat(text).isInstanceOf(Expressions.Const.class);
        assertThat(text.eval(null)).isEqualTo("n=1");
        assertThat(compiler.expr(new Ast.Unary("!", op("==", lit("a"), lit("a")), AT)).eval(null)).isEqualTo(0L);
        assertThat(compiler.expr(op("=~", lit("INVITE"), lit("^inv")))).isInstanceOf(Expressions.Const.class);
        assertThat(errors).isEmpty();
    }

    @Test
    void failingOrVariableOperatorsStay() {
        assertThat(compiler.expr(op("/", lit(1L), lit(0L)))).isInstanceOf(Expressions.Arithmetic.class);
        Ast.Pv var = new Ast.Pv("var", "x", List.of(), "$var(x)", AT);
        assertThat(compiler.expr(op("+", var, lit(1L)))).isInstanceOf(Expressions.Add.class);
        assertThat(errors).isEmpty();
    }
}
