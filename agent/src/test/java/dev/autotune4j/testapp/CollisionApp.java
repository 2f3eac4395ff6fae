package dev.autotune4j.testapp;

import dev.autotune4j.api.Tactic;
import dev.autotune4j.api.Tunable;

import java.util.List;

/**
 * The shapes whose keys collided in the agent's first call-site hash: {@code rowSum(scale, m)} for every
 * (scale, rows) of equal sum, and {@code heads(16, [32][64])} against {@code heads(32, [16][64])}. Each tactic is
 * offered for its own shape only and throws elsewhere. Calls every shape three times, printing {@code label
 * result} lines; a call routed to another shape's choice prints {@code WRONG}.
 */
public final class CollisionApp {
    private static int sink;

    private CollisionApp() {
    }

    private static int spin(int n) {
        int x = n;
        for (int i = 0; i < 20_000; i++) {
            x = x * 31 + i;
        }
        return x;
    }

    @Tunable
    static int rowSum(int scale, int[][] m) {
        sink = spin(scale);
        return scale * 100 + m.length;
    }

    static int rowSum(int scale, int[][] m, @Tactic(provider = "sums") int tactic) {
        if (tactic != scale * 100 + m.length) {
            throw new IllegalStateException("WRONG tactic " + tactic + " for " + scale + " x " + m.length);
        }
        return tactic;
    }

    static List<Integer> sums(int scale, int[][] m) {
        return List.of(scale * 100 + m.length);
    }

    @Tunable
    static int heads(int heads, float[][] x) {
        sink = spin(heads);
        return heads * 1000 + x.length;
    }

    static int heads(int heads, float[][] x, @Tactic(provider = "offered") int tactic) {
        if (tactic != heads * 1000 + x.length) {
            throw new IllegalStateException("WRONG tactic " + tactic + " for " + heads + " x " + x.length);
        }
        return tactic;
    }

    static List<Integer> offered(int heads, float[][] x) {
        return List.of(heads * 1000 + x.length);
    }

    public static void main(String[] args) {
        for (int round = 0; round < 3; round++) {
            for (int s = 1; s <= 4; s++) {
                int scale = s;
                System.out.println(label("rowSum " + scale, () -> rowSum(scale, new int[5 - scale][3])));
            }
            System.out.println(label("heads 16", () -> heads(16, new float[32][64])));
            System.out.println(label("heads 32", () -> heads(32, new float[16][64])));
        }
        TunerStats.print();
    }

    private static String label(String name, java.util.function.IntSupplier call) {
        try {
            return name + " " + call.getAsInt();
        } catch (RuntimeException e) {
            return name + " " + e.getMessage();
        }
    }
}
