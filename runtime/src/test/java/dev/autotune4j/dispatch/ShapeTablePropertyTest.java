package dev.autotune4j.dispatch;

import dev.autotune4j.api.Choice;
import dev.autotune4j.api.Runner;
import dev.autotune4j.api.Runners;
import dev.autotune4j.api.TuningConfig;
import dev.autotune4j.profile.AnyDims;
import dev.autotune4j.profile.ShapeKey;
import dev.autotune4j.profile.ShapeKeyer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * Property test of the op table: thousands of random distinct keys over 1-4 arguments of mixed kinds, with
 * planted 64-bit hash collisions; every lookup of every key's live arguments must confirm its own entry, by
 * either way a caller may look: the exact walk, or the first entry with the hash plus the caller's compare
 * (and the exact walk when that compare fails, as the slow path does).
 */
class ShapeTablePropertyTest {
    private static Object arg(SplittableRandom r) {
        switch (r.nextInt(6)) {
            case 0: return r.nextInt(64);
            case 1: return new float[r.nextInt(64)];
            case 2: return new int[1 + r.nextInt(16)][r.nextInt(16)];
            case 3: return null;
            case 4: return "plain";
            default: return new AnyDims(r.nextInt(64), r.nextInt(64));
        }
    }

    @Test
    void everyLookupConfirmsItsOwnEntry() {
        SplittableRandom random = new SplittableRandom(81);
        ShapeKeyer keyer = new ShapeKeyer(TuningConfig.defaults());
        Runner runner = Runners.of("r", List.of(0), (in, t) -> t);
        ShapeTable table = ShapeTable.empty(0);
        List<Object[]> calls = new ArrayList<>();
        List<Route> routes = new ArrayList<>();
        Set<ShapeKey> seen = new HashSet<>();
        int collisions = 0;
        while (calls.size() < 4000) {
            Object[] args = new Object[1 + random.nextInt(4)];
            for (int i = 0; i < args.length; i++) {
                args[i] = arg(random);
            }
            Object[] twin = null;
            if (random.nextInt(10) == 0) {
                // plant a key with the same hash
                AnyDims d = new AnyDims(random.nextInt(64), random.nextInt(64));
                args[args.length - 1] = d;
                twin = args.clone();
                twin[args.length - 1] = d.colliding();
            }
            for (Object[] a : twin == null ? List.<Object[]>of(args) : List.<Object[]>of(args, twin)) {
                ShapeKey key = keyer.key(a);
                if (seen.add(key)) {
                    Route r = new Route(key, new Choice(runner, calls.size(), 0, false), calls.size() + 1, Route.HIT);
                    table = table.with(r);
                    calls.add(a);
                    routes.add(r);
                }
            }
            if (twin != null && keyer.hash(args) == keyer.hash(twin)) {
                collisions++;
            }
        }
        assertEquals(calls.size(), table.size());
        org.junit.jupiter.api.Assertions.assertTrue(collisions > 100, collisions + " planted collisions");
        for (int i = 0; i < calls.size(); i++) {
            Object[] a = calls.get(i);
            long hash = keyer.hash(a);
            assertSame(routes.get(i), table.find(hash, a, keyer), "exact walk for call " + i);
            Route first = table.find(hash);
            assertNotNull(first);
            Route confirmed = keyer.matches(first.key, a) ? first : table.find(hash, a, keyer);
            assertSame(routes.get(i), confirmed, "probe, compare, then walk for call " + i);
        }
    }
}
