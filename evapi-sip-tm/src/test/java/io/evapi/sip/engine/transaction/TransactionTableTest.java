package io.evapi.sip.engine.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.HashSet;
import java.util.Set;
import javax.sip.ServerTransaction;
import javax.sip.SipProvider;
import org.junit.jupiter.api.Test;

/** Transaction ids must not be guessable: any evapi client can name an (index, label) in t_continue. */
class TransactionTableTest {
    private static final ServerTransaction SERVER = stub(ServerTransaction.class);
    private static final SipProvider PROVIDER = stub(SipProvider.class);

    @Test
    void twoTablesDoNotStartWithTheSameLabels() {
        TransactionTable a = new TransactionTable(100_000);
        TransactionTable b = new TransactionTable(100_000);
        int same = 0;
        for (int i = 0; i < 64; i++) {
            String key = "call-" + i + ";z9hG4bK-" + i;
            ProxyTransaction x = a.register(SERVER, PROVIDER, key);
            ProxyTransaction y = b.register(SERVER, PROVIDER, key);
            assertThat(x.index()).isEqualTo(y.index()); // the bucket follows the call; the label must not
            assertThat(x.label()).isNotNegative();
            if (x.label() == y.label()) {
                same++;
            }
        }
        // random 31-bit seeds: two equal labels in 64 draws has a chance of about 1 in 30 million
        assertThat(same).isLessThanOrEqualTo(1);
    }

    @Test
    void labelsInOneBucketStayUniqueAndNonNegative() {
        TransactionTable table = new TransactionTable(100_000);
        Set<Integer> labels = new HashSet<>();
        int index = -1;
        for (int i = 0; i < 10_000; i++) {
            ProxyTransaction tx = table.register(SERVER, PROVIDER, "same-call;z9hG4bK-same");
            if (index < 0) {
                index = tx.index();
            }
            assertThat(tx.index()).isEqualTo(index);
            assertThat(tx.label()).isNotNegative();
            assertThat(labels.add(tx.label())).as("label %d is new in its bucket", tx.label()).isTrue();
            assertThat(table.find(tx.index(), tx.label())).isSameAs(tx);
        }
    }

    @Test
    void aLabelAtTheTopOfTheRangeWrapsToZeroNotNegative() {
        assertThat(TransactionTable.nextLabel(Integer.MAX_VALUE)).isZero();
        assertThat(TransactionTable.nextLabel(41)).isEqualTo(42);
    }

    private static <T> T stub(Class<T> type) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> switch (method.getName()) {
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> type.getSimpleName() + " stub";
                    default -> null;
                }));
    }
}
