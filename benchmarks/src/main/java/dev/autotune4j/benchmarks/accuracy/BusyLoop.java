package dev.autotune4j.benchmarks.accuracy;

/** A neighbour that keeps one core busy until it is killed: the harness's {@code --busy} processes. */
public final class BusyLoop {
    private BusyLoop() {
    }

    public static void main(String[] args) {
        long x = 0;
        while (x != -1) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        System.out.println(x);
    }
}
