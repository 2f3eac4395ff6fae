package dev.autotune4j.samples.readme;

import dev.autotune4j.api.*;   // from autotune4j-runtime, an ordinary dependency of the application
import dev.autotune4j.samples.readme.Loops.Loop;

/**
 * The README's "agent in five lines", compiled as written (a test checks that the README's lines are these).
 *
 * <p>Run: {@code java -javaagent:agent/target/autotune4j-agent.jar=mode=tune,tuning=inline
 * -cp 'samples/target/classes:samples/target/lib/*' dev.autotune4j.samples.readme.AgentInFiveLines}
 */
public final class AgentInFiveLines {
    private AgentInFiveLines() {
    }

    @Tunable(dynamic = @Dynamic(arg = 0, dim = 0, powersOfTwoUpTo = 256))     // rows of `a` are the token count
    static float[][] matmul(float[][] a, float[][] b) { return Loops.naive(a, b); }   // the fallback: no agent, or a miss
    static float[][] matmul(float[][] a, float[][] b, @Tactic(values = {8, 32, 128}) int block) { return Loops.blocked(a, b, block); }
    static float[][] matmul(float[][] a, float[][] b, @Tactic Loop order) { return Loops.ordered(a, b, order); }   // every constant of enum Loop

    public static void main(String[] args) {
        float[][] a = new float[24][64];
        float[][] b = new float[64][64];
        a[0][0] = 2;
        b[0][0] = 3;
        System.out.println("c[0][0] = " + matmul(a, b)[0][0]);
    }
}
