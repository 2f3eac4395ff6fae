package dev.autotune4j.testapp;

import dev.autotune4j.api.Dynamic;
import dev.autotune4j.api.Tactic;
import dev.autotune4j.api.Tunable;

/**
 * An application with one wrong declaration (a dynamic arg out of range and a provider that does not exist)
 * beside a good one: the agent must name the problem, leave {@code broken} running its body, still tune
 * {@code fine}, and the application must answer.
 */
public final class BadApp {
    private BadApp() {
    }

    @Tunable(dynamic = @Dynamic(arg = 3, buckets = {1, 2}))
    static int broken(int[] a) {
        return a.length;
    }

    static int broken(int[] a, @Tactic(provider = "noSuchProvider") int t) {
        return -1;
    }

    @Tunable(dynamic = @Dynamic(arg = 0, buckets = {4, 8}))
    static int fine(int[] a) {
        ScaleApp.passes(new float[2000], 4);
        return a.length;
    }

    static int fine(int[] a, @Tactic(values = {1}) int t) {
        return a.length;
    }

    public static void main(String[] args) {
        System.out.println("broken=" + broken(new int[5]) + " fine=" + fine(new int[8]));
    }
}
