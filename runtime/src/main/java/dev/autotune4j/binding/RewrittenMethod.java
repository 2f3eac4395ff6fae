package dev.autotune4j.binding;

import dev.autotune4j.api.Choice;
import dev.autotune4j.dispatch.ReplayMismatchException;
import dev.autotune4j.dispatch.Route;
import dev.autotune4j.dispatch.RouteHandles;
import dev.autotune4j.dispatch.TunableOp;
import dev.autotune4j.internal.Log;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.MutableCallSite;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code @Tunable} method's entry into its op's dispatcher ({@link TunableOp}), behind the two invokedynamic
 * instructions the agent puts at the method's start:
 * <pre>
 *   route  = indy route(args)          // 0: run the body (the fallback); k: run the op's choice number k
 *   if (route != 0) return indy invoke(route, args)
 *   ...original body...
 * </pre>
 * {@code route} is the op's own fast path ({@link RouteHandles#fast}) over the method's parameter types (no
 * array, no boxing): hash the shape key, {@link TunableOp#probe probe} the op's table, compare the entry's key
 * with the arguments, {@link TunableOp#decide decide}; whatever that leaves goes to the op's
 * {@link TunableOp#slowPath slow path} with the arguments boxed. The site keeps no table or decision of
 * its own, so the agent path and the API path cannot disagree.
 *
 * <p>{@code invoke} is a mutable call site whose target switches on the route straight to the chosen overload
 * with its tactic bound: the JIT can inline it. It is relinked whenever the op numbers a new choice, before
 * any route carries that number; a number it does not know yet (a race with the relink) runs the choice
 * through its runner, so every route is served.
 */
final class RewrittenMethod {
    private static final Log LOG = Log.get(RewrittenMethod.class);
    static final int SLOW = -1;

    final String name;
    final MutableCallSite invoke;
    /** The thread running the body as the fallback runner while tuning: its calls route to the body.
     *  Plain on purpose: only that thread compares against its own write. */
    Thread bodyThread;
    private TunableOp op;
    private MethodHandle[] candidates;
    private int tacticPosition;

    RewrittenMethod(String name, MethodType invokeType) {
        this.name = name;
        this.invoke = new MutableCallSite(invokeType);
        this.invoke.setTarget(switchOver(List.of()));
    }

    void bind(TunableOp boundOp, MethodHandle[] candidateCalls, int tacticPos) {
        this.op = boundOp;
        this.candidates = candidateCalls;
        this.tacticPosition = tacticPos;
        boundOp.onNewChoice(choices -> {
            if (CallSites.linksInBackground()) {
                // building the switch spins method handles (milliseconds cold): not on a request thread. Until the
                // linker is done, the new number runs through the generic case (its runner), so it is served
                CallSites.later(() -> relink(op.choices()));
            } else {
                relink(choices);
            }
        });
    }

    public TunableOp op() {
        return op;
    }

    /** Step 1: the op's probe, except on the thread that is running the body as the fallback runner. */
    Route probe(long hash) {
        return bodyThread == Thread.currentThread() ? op.passThrough() : op.probe(hash);
    }

    /** The route number of the fast path's answer, or {@link #SLOW}. */
    private static int numberOf(Route r) {
        return r == null ? SLOW : r.number();
    }

    /** What the fast path leaves: the op's slow path decides. Never throws into the application but for
     *  a replay scope's mismatch, which is the test's own assertion. */
    int slowRoute(Object[] inputs) {
        try {
            return op.slowPath(inputs).number();
        } catch (ReplayMismatchException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            LOG.error("autotune4j: dispatch of {} failed ({}); running its body", name, e.toString(), e);
            return 0;
        }
    }

    /** A route the switch has no case for yet: run the op's choice through its runner. */
    private Object runNumbered(int route, Object[] args) throws Exception {
        Choice[] choices = op.choices();
        return choices[route].run(args);
    }

    private synchronized void relink(Choice[] choices) {
        List<MethodHandle> cases = new ArrayList<>();
        for (int i = 1; i < choices.length; i++) {
            Choice c = choices[i];
            MethodHandle candidate = c.runnerIndex() < candidates.length ? candidates[c.runnerIndex()] : null;
            cases.add(candidate == null ? null : MethodHandles.dropArguments(
                    MethodHandles.insertArguments(candidate, tacticPosition, c.tactic()), 0, int.class));
        }
        invoke.setTarget(switchOver(cases));
        MutableCallSite.syncAll(new MutableCallSite[] {invoke});
    }

    /** {@code (route, args) -> R}: case k is choice k; 0 (never invoked: the body runs inline) and unknown
     *  numbers run the choice through its runner. */
    private MethodHandle switchOver(List<MethodHandle> cases) {
        MethodType type = invoke.type();
        MethodHandle generic = RUN_NUMBERED.bindTo(this).asCollector(Object[].class, type.parameterCount() - 1)
                .asType(type);
        List<MethodHandle> all = new ArrayList<>();
        all.add(generic);
        for (MethodHandle c : cases) {
            all.add(c == null ? generic : c);
        }
        return MethodHandles.tableSwitch(generic, all.toArray(new MethodHandle[0]));
    }

    // ---- the route handle ----------------------------------------------------------------------------

    private static final MethodHandle PROBE;
    private static final MethodHandle NUMBER_OF;
    private static final MethodHandle SLOW_ROUTE;
    private static final MethodHandle IS_ROUTE;
    private static final MethodHandle RUN_NUMBERED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            PROBE = l.findVirtual(RewrittenMethod.class, "probe", MethodType.methodType(Route.class, long.class));
            NUMBER_OF = l.findStatic(RewrittenMethod.class, "numberOf", MethodType.methodType(int.class, Route.class));
            SLOW_ROUTE = l.findVirtual(RewrittenMethod.class, "slowRoute", MethodType.methodType(int.class, Object[].class));
            IS_ROUTE = l.findStatic(RewrittenMethod.class, "isRoute", MethodType.methodType(boolean.class, int.class));
            RUN_NUMBERED = l.findVirtual(RewrittenMethod.class, "runNumbered",
                    MethodType.methodType(Object.class, int.class, Object[].class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static boolean isRoute(int route) {
        return route >= 0;
    }

    /** {@code (args) -> int}: the op's fast path ({@link RouteHandles#fast}) as a route number; else the slow path. */
    MethodHandle routeHandle(MethodType type) {
        List<Class<?>> params = type.parameterList();
        MethodHandle slow = SLOW_ROUTE.bindTo(this).asCollector(Object[].class, params.size())
                .asType(MethodType.methodType(int.class, params));                                    // (args) -> int
        MethodHandle orSlow = MethodHandles.guardWithTest(
                MethodHandles.dropArguments(IS_ROUTE, 1, params),
                MethodHandles.dropArguments(MethodHandles.identity(int.class), 1, params),
                MethodHandles.dropArguments(slow, 0, int.class));                                    // (int r, args) -> int
        MethodHandle fast = MethodHandles.filterReturnValue(RouteHandles.fast(op, params, PROBE.bindTo(this)), NUMBER_OF);
        return MethodHandles.foldArguments(orSlow, 0, fast);                                         // (args) -> int
    }

    @Override
    public String toString() {
        return "RewrittenMethod[" + name + "]";
    }
}
