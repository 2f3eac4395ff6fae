package dev.autotune4j.binding;

import dev.autotune4j.dispatch.AutoTuner;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code @Tunable} method's call site as the agent links it (the same {@link RewrittenMethod}, route and invoke
 * handles), bound to a given tuner, so that the dispatcher behind the agent can be tested without starting a
 * JVM with the agent. {@link #call} does what the rewritten method does: route, then the body or the switch.
 */
final class SiteHarness {
    final RewrittenMethod site;
    private final MethodHandle route;
    private final MethodHandle invoke;
    private final MethodHandle body;

    private SiteHarness(RewrittenMethod site, MethodHandle route, MethodHandle invoke, MethodHandle body) {
        this.site = site;
        this.route = route;
        this.invoke = invoke;
        this.body = body;
    }

    static SiteHarness of(Class<?> owner, String name, AutoTuner tuner, Class<?>... params) throws Exception {
        Method m = owner.getDeclaredMethod(name, params);
        MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(owner, MethodHandles.lookup());
        List<Class<?>> routeParams = new ArrayList<>();
        if (!Modifier.isStatic(m.getModifiers())) {
            routeParams.add(owner);
        }
        routeParams.addAll(List.of(params));
        MethodType routeType = MethodType.methodType(int.class, routeParams);
        MethodType invokeType = routeType.changeReturnType(m.getReturnType()).insertParameterTypes(0, int.class);
        RewrittenMethod site = new RewrittenMethod(owner.getName() + "." + name, invokeType);
        MethodBinder.bind(site, lookup, m, tuner);
        return new SiteHarness(site, site.routeHandle(routeType), site.invoke.dynamicInvoker(), lookup.unreflect(m));
    }

    /** One call of the rewritten method: the body on route 0, else the chosen overload. */
    Object call(Object... args) throws Exception {
        try {
            int r = (int) route.invokeWithArguments(args);
            if (r == 0) {
                return body.invokeWithArguments(args);
            }
            Object[] withRoute = new Object[args.length + 1];
            withRoute[0] = r;
            System.arraycopy(args, 0, withRoute, 1, args.length);
            return invoke.invokeWithArguments(withRoute);
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** The route number alone. */
    int route(Object... args) throws Throwable {
        return (int) route.invokeWithArguments(args);
    }
}
