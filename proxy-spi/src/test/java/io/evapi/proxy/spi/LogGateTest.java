package io.evapi.proxy.spi;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LogGateTest {

    @Test
    void theFirstLinePassesAndTheNextWithinTheIntervalDoNot() {
        LogGate gate = new LogGate();
        assertTrue(gate.allow());
        assertFalse(gate.allow());
        assertFalse(gate.allow());
    }

    @Test
    void sampledReadsTheGateOnTheFirstCallAndEverySixteenth() {
        LogGate gate = new LogGate();
        assertTrue(gate.allowSampled());
        for (int i = 1; i < 32; i++) {
            assertFalse(gate.allowSampled(), "call " + i);
        }
    }
}
