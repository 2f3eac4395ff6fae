package dev.autotune4j.measure;

import org.junit.jupiter.api.Test;

import java.lang.invoke.MethodType;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JIT's code list, read in-process: what is compiled at the top tier, and what is not yet. */
class TopTierCodeTest {

    static long neverCalled(long n) {
        return n * 31;
    }

    static long hot(long n) {
        long s = 0;
        for (int i = 0; i < 64; i++) {
            s += (n ^ i) * 7;
        }
        return s;
    }

    static String name(String method) {
        return TopTierCodeTest.class.getName() + "." + method
                + MethodType.methodType(long.class, long.class).toMethodDescriptorString();
    }

    @Test
    void aMethodNeverCalledHasNoTopTierCode() {
        assertTrue(TopTierCode.codeList() != null, "HotSpot's code list is readable through its MBean");
        assertEquals(Set.of(name("neverCalled")), TopTierCode.without(List.of(name("neverCalled"))));
    }

    @Test
    void aHotMethodGetsTopTierCodeAndTheListSaysSo() throws Exception {
        String hot = name("hot");
        assertEquals(Set.of(hot), TopTierCode.without(List.of(hot)), "not called yet: interpreted");
        long sink = 0;
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!TopTierCode.without(List.of(hot)).isEmpty() && System.nanoTime() < deadline) {
            for (int i = 0; i < 20_000; i++) {
                sink += hot(i);
            }
            Thread.sleep(10);
        }
        assertEquals(Set.of(), TopTierCode.without(List.of(hot)), "compiled by C2 after 20 s of calls? " + sink);
    }
}
