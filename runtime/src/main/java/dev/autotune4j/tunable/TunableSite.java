package dev.autotune4j.tunable;

import dev.autotune4j.api.Choice;
import dev.autotune4j.api.Mode;
import dev.autotune4j.dispatch.AutoTuner;
import dev.autotune4j.dispatch.ReplayMismatchException;
import dev.autotune4j.dispatch.TunableOp;
import dev.autotune4j.profile.ShapeKeyer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.MutableCallSite;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The dispatcher of one {@code @Tunable} method, behind the two invokedynamic instructions the agent puts at
 * the method's start:
 * <pre>
 *   route  = indy route(args)          // 0: run the body (the fallback); k: run choice k
 *   if (route != 0) return indy invoke(route, args)
 *   ...original body...
 * </pre>
 * {@code route} hashes the arguments' shape key with method-handle combinators (no array, no boxing) and
 * looks the hash up in a copy-on-write {@link RouteTable}; an unknown shape takes the slow path through the
 * op's {@link TunableOp#choose}, which tunes, loads or records a miss, and teaches the table. {@code invoke} is a
 * mutable call site whose target switches on the route straight to the chosen overload with its tactic bound:
 * the JIT can inline it, and it is relinked only when a new (runner, tactic) is chosen.
 */
public final class TunableSite {
    private static final Logger LOG = LoggerFactory.getLogger(TunableSite.class);
    static final int SLOW = -1;

    final String name;
    final MutableCallSite invoke;
    /** The thread running the body as the fallback runner while tuning: its calls route to the body.
     *  Plain on purpose: only that thread compares against its own write. */
    Thread bodyThread;
    private TunableOp op;
    private AutoTuner tuner;
    private ShapeKeyer keyer;
    private MethodHandle[] candidates;
    private int tacticPosition;
    private final List<Choice> choices = new ArrayList<>();
    private volatile RouteTable routes = RouteTable.empty(-1);

    TunableSite(String name, MethodType invokeType) {
        this.name = name;
        this.invoke = new MutableCallSite(invokeType);
        this.choices.add(null);
        this.invoke.setTarget(switchOver(invokeType, List.of()));
    }

    void bind(TunableOp boundOp, MethodHandle[] candidateCalls, int tacticPos) {
        this.op = boundOp;
        this.tuner = boundOp.tuner();
        this.keyer = boundOp.keyer();
        this.candidates = candidateCalls;
        this.tacticPosition = tacticPos;
    }

    public TunableOp op() {
        return op;
    }

    /** The route of a shape hash if the table knows it, else {@link #SLOW}. */
    int fastRoute(long hash) {
        if (bodyThread == Thread.currentThread()) {
            return 0;
        }
        AutoTuner t = tuner;
        if (t.scopesActive()) {
            return SLOW;
        }
        Mode mode = t.mode();
        if (mode == Mode.OFF) {
            return 0;
        }
        RouteTable table = routes;
        if (table.version != t.cache().version()) {
            return SLOW;
        }
        int route = table.find(hash);
        if (route < 0) {
            return SLOW;
        }
        if ((route & RouteTable.MISS) != 0) {
            if (mode == Mode.TUNE) {
                return SLOW;
            }
            op.countMiss();
            return 0;
        }
        op.countHit();
        return route;
    }

    /** A shape the table does not know: the full dispatcher decides, and the table learns settled answers. */
    int slowRoute(long hash, Object[] inputs) {
        try {
            Choice choice = op.choose(inputs);
            int route = routeOf(choice);
            int version = tuner.cache().version();
            boolean[] miss = new boolean[1];
            Choice settled = op.settled(inputs, miss);
            if (settled != null && !tuner.scopesActive()) {
                remember(version, hash, miss[0] ? RouteTable.MISS : routeOf(settled));
            }
            return route;
        } catch (ReplayMismatchException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            LOG.error("autotune4j: dispatch of {} failed ({}); running its body", name, e.toString(), e);
            return 0;
        }
    }

    private synchronized void remember(int version, long hash, int route) {
        if (tuner.cache().version() != version) {
            return;
        }
        RouteTable table = routes.version == version ? routes : RouteTable.empty(version);
        if (!table.full()) {
            routes = table.with(hash, route);
        }
    }

    /** The route number of a choice: 0 for the body, else its index in the invoke switch (added on first use). */
    private synchronized int routeOf(Choice choice) {
        if (choice.runnerIndex() == 0) {
            return 0;
        }
        for (int i = 1; i < choices.size(); i++) {
            Choice c = choices.get(i);
            if (c.runnerIndex() == choice.runnerIndex() && Objects.equals(c.tactic(), choice.tactic())) {
                return i;
            }
        }
        choices.add(choice);
        List<MethodHandle> cases = new ArrayList<>();
        for (int i = 1; i < choices.size(); i++) {
            Choice c = choices.get(i);
            MethodHandle call = MethodHandles.insertArguments(candidates[c.runnerIndex()], tacticPosition, c.tactic());
            cases.add(MethodHandles.dropArguments(call, 0, int.class));
        }
        invoke.setTarget(switchOver(invoke.type(), cases));
        MutableCallSite.syncAll(new MutableCallSite[] {invoke});
        return choices.size() - 1;
    }

    private static MethodHandle switchOver(MethodType type, List<MethodHandle> cases) {
        MethodHandle body = MethodHandles.dropArguments(
                MethodHandles.throwException(type.returnType(), IllegalStateException.class)
                        .bindTo(new IllegalStateException("autotune4j: route 0 is the method body, never invoked")),
                0, type.parameterList());
        List<MethodHandle> all = new ArrayList<>();
        all.add(body);
        all.addAll(cases);
        return MethodHandles.tableSwitch(body, all.toArray(new MethodHandle[0]));
    }

    // ---- the route handle ----------------------------------------------------------------------------

    private static final MethodHandle FAST;
    private static final MethodHandle SLOW_ROUTE;
    private static final MethodHandle IS_ROUTE;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            FAST = l.findVirtual(TunableSite.class, "fastRoute", MethodType.methodType(int.class, long.class));
            SLOW_ROUTE = l.findVirtual(TunableSite.class, "slowRoute",
                    MethodType.methodType(int.class, long.class, Object[].class));
            IS_ROUTE = l.findStatic(TunableSite.class, "isRoute", MethodType.methodType(boolean.class, int.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static boolean isRoute(int route) {
        return route >= 0;
    }

    /** {@code (args) -> int}: hash the shape key, try the table, else the slow path. */
    MethodHandle routeHandle(MethodType type) {
        List<Class<?>> params = type.parameterList();
        MethodHandle hash = RouteHashes.of(keyer, params);                            // (args) -> long
        MethodHandle slow = SLOW_ROUTE.bindTo(this).asCollector(Object[].class, params.size())
                .asType(MethodType.methodType(int.class, long.class).appendParameterTypes(params));
        List<Class<?>> afterRoute = new ArrayList<>();
        afterRoute.add(long.class);
        afterRoute.addAll(params);
        MethodHandle decide = MethodHandles.guardWithTest(
                MethodHandles.dropArguments(IS_ROUTE, 1, afterRoute),
                MethodHandles.dropArguments(MethodHandles.identity(int.class), 1, afterRoute),
                MethodHandles.dropArguments(slow, 0, int.class));                    // (int r, long h, args) -> int
        MethodHandle withFast = MethodHandles.foldArguments(decide, 0, FAST.bindTo(this)); // (long h, args) -> int
        return MethodHandles.foldArguments(withFast, 0, hash);                        // (args) -> int
    }

    @Override
    public String toString() {
        return "TunableSite[" + name + "]";
    }
}
