package dev.autotune4j.agent;

import dev.autotune4j.control.AgentProtocol;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;
import net.bytebuddy.pool.TypePool;

/**
 * Puts the dispatch in front of a {@code @Tunable} method's body:
 * <pre>
 *   int route = invokedynamic route(this?, args...)      // CallSites.route
 *   if (route != 0) return invokedynamic invoke(route, this?, args...)   // CallSites.invoke
 *   ...the original body, untouched (the fallback)...
 * </pre>
 * Only the method's code changes: no field, method or signature is added, so classes loaded before the agent
 * can be retransformed. The bootstrap methods are resolved by the class's own loader, which sees the runtime.
 */
final class DispatchPrologue implements AsmVisitorWrapper.ForDeclaredMethods.MethodVisitorWrapper {
    static final Handle ROUTE = new Handle(Opcodes.H_INVOKESTATIC, AgentProtocol.SITES, AgentProtocol.ROUTE,
            AgentProtocol.BOOTSTRAP_DESCRIPTOR, false);
    static final Handle INVOKE = new Handle(Opcodes.H_INVOKESTATIC, AgentProtocol.SITES, AgentProtocol.INVOKE,
            AgentProtocol.BOOTSTRAP_DESCRIPTOR, false);

    @Override
    public MethodVisitor wrap(TypeDescription type, MethodDescription method, MethodVisitor visitor,
                              Implementation.Context context, TypePool pool, int writerFlags, int readerFlags) {
        return new MethodVisitor(Opcodes.ASM9, visitor) {
            private int extraStack;

            @Override
            public void visitCode() {
                super.visitCode();
                extraStack = emit(mv, type, method);
            }

            @Override
            public void visitMaxs(int maxStack, int maxLocals) {
                super.visitMaxs(Math.max(maxStack, extraStack), maxLocals);
            }
        };
    }

    /** Writes the prologue; returns the operand stack it needs. */
    static int emit(MethodVisitor mv, TypeDescription owner, MethodDescription method) {
        Type descriptor = Type.getMethodType(method.getDescriptor());
        StringBuilder args = new StringBuilder("(");
        if (!method.isStatic()) {
            args.append(Type.getObjectType(owner.getInternalName()).getDescriptor());
        }
        for (Type t : descriptor.getArgumentTypes()) {
            args.append(t.getDescriptor());
        }
        String routeDesc = args + ")I";
        String invokeDesc = "(I" + args.substring(1) + ")" + descriptor.getReturnType().getDescriptor();

        int slots = loadArguments(mv, method, descriptor);
        mv.visitInvokeDynamicInsn(AgentProtocol.ROUTE, routeDesc, ROUTE, method.getInternalName(), method.getDescriptor());
        mv.visitInsn(Opcodes.DUP);
        Label body = new Label();
        mv.visitJumpInsn(Opcodes.IFEQ, body);
        loadArguments(mv, method, descriptor);
        mv.visitInvokeDynamicInsn(AgentProtocol.INVOKE, invokeDesc, INVOKE, method.getInternalName(), method.getDescriptor());
        mv.visitInsn(descriptor.getReturnType().getOpcode(Opcodes.IRETURN));
        mv.visitLabel(body);
        // the locals are still the arguments, as at entry; the route (0) is left on the stack
        mv.visitFrame(Opcodes.F_SAME1, 0, null, 1, new Object[] {Opcodes.INTEGER});
        mv.visitInsn(Opcodes.POP);
        return slots + 2;
    }

    private static int loadArguments(MethodVisitor mv, MethodDescription method, Type descriptor) {
        int slot = 0;
        if (!method.isStatic()) {
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            slot = 1;
        }
        for (Type t : descriptor.getArgumentTypes()) {
            mv.visitVarInsn(t.getOpcode(Opcodes.ILOAD), slot);
            slot += t.getSize();
        }
        return slot;
    }
}
