package dev.orion.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.attribute.LocalVariableInfo;
import java.lang.invoke.MethodHandleInfo;
import java.lang.invoke.MethodType;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the declared parameters of a lambda or method reference, once, when a flow or task is
 * defined: names from the {@code MethodParameters} attribute ({@code -parameters}) or, for
 * lambdas, which javac never gives names, from the local variable table ({@code -g}); types from
 * the implementing method's generic signature. Falls back to {@code arg0, arg1, ...} of type
 * {@code Object}. Stateless and thread-safe.
 */
final class Signatures {

    private Signatures() {
    }

    /**
     * The declared result type of a lambda or method reference ({@code Object} when unknown): the
     * type its result is read back as from a stored result, chosen by the code, not by the stored document.
     */
    static Type resultType(Serializable fn) {
        try {
            Method writeReplace = fn.getClass().getDeclaredMethod("writeReplace");
            writeReplace.setAccessible(true);
            SerializedLambda lambda = (SerializedLambda) writeReplace.invoke(fn);
            int kind = lambda.getImplMethodKind();
            if (kind != MethodHandleInfo.REF_invokeStatic && kind != MethodHandleInfo.REF_invokeSpecial
                    && kind != MethodHandleInfo.REF_invokeVirtual) {
                return Object.class;
            }
            Class<?> owner = Class.forName(lambda.getImplClass().replace('/', '.'), false, fn.getClass().getClassLoader());
            Type type = findMethod(owner, lambda.getImplMethodName(), lambda.getImplMethodSignature()).getGenericReturnType();
            return type == void.class || type instanceof TypeVariable<?> ? Object.class : type;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return Object.class;
        }
    }

    static List<Parameter> parameters(Serializable fn, int arity) {
        try {
            return read(fn, arity);
        } catch (ReflectiveOperationException | RuntimeException | IOException e) {
            return fallback(arity);
        }
    }

    private static List<Parameter> read(Serializable fn, int arity) throws ReflectiveOperationException,
            IOException {
        if (arity == 0) {
            return List.of();
        }
        Method writeReplace = fn.getClass().getDeclaredMethod("writeReplace");
        writeReplace.setAccessible(true);
        SerializedLambda lambda = (SerializedLambda) writeReplace.invoke(fn);
        int kind = lambda.getImplMethodKind();
        if (kind != MethodHandleInfo.REF_invokeStatic && kind != MethodHandleInfo.REF_invokeSpecial) {
            return fallback(arity);
        }
        ClassLoader loader = fn.getClass().getClassLoader();
        String internalName = lambda.getImplClass();
        Class<?> owner = Class.forName(internalName.replace('/', '.'), false, loader);
        Method method = findMethod(owner, lambda.getImplMethodName(), lambda.getImplMethodSignature());
        java.lang.reflect.Parameter[] declared = method.getParameters();
        int skip = declared.length - arity;
        if (skip < 0) {
            return fallback(arity);
        }
        List<String> names = new ArrayList<>();
        boolean named = true;
        for (int i = skip; i < declared.length; i++) {
            named &= declared[i].isNamePresent();
            names.add(declared[i].getName());
        }
        if (!named) {
            names = localVariableNames(loader, internalName, method, skip, arity);
        }
        Type[] types = method.getGenericParameterTypes();
        List<Parameter> result = new ArrayList<>();
        for (int i = 0; i < arity; i++) {
            result.add(new Parameter(names.get(i), types[skip + i]));
        }
        return List.copyOf(result);
    }

    private static Method findMethod(Class<?> owner, String name, String descriptor) throws NoSuchMethodException {
        for (Method m : owner.getDeclaredMethods()) {
            if (m.getName().equals(name)
                    && MethodType.methodType(m.getReturnType(), m.getParameterTypes())
                            .toMethodDescriptorString().equals(descriptor)) {
                return m;
            }
        }
        throw new NoSuchMethodException(owner.getName() + "." + name + descriptor);
    }

    private static List<String> localVariableNames(ClassLoader loader, String internalName, Method method,
            int skip, int arity) throws IOException {
        List<String> names = new ArrayList<>(fallbackNames(arity));
        if (loader == null) {
            return names;
        }
        byte[] bytes;
        try (InputStream in = loader.getResourceAsStream(internalName + ".class")) {
            if (in == null) {
                return names;
            }
            bytes = in.readAllBytes();
        }
        ClassModel model = ClassFile.of().parse(bytes);
        String descriptor = MethodType.methodType(method.getReturnType(), method.getParameterTypes())
                .toMethodDescriptorString();
        for (MethodModel mm : model.methods()) {
            if (!mm.methodName().equalsString(method.getName()) || !mm.methodType().equalsString(descriptor)) {
                continue;
            }
            int[] slots = new int[method.getParameterCount()];
            int slot = Modifier.isStatic(method.getModifiers()) ? 0 : 1;
            Class<?>[] types = method.getParameterTypes();
            for (int i = 0; i < types.length; i++) {
                slots[i] = slot;
                slot += types[i] == long.class || types[i] == double.class ? 2 : 1;
            }
            mm.code().flatMap(code -> code.findAttribute(Attributes.localVariableTable())).ifPresent(table -> {
                for (LocalVariableInfo v : table.localVariables()) {
                    for (int i = 0; i < arity; i++) {
                        if (v.slot() == slots[skip + i] && v.startPc() == 0) {
                            names.set(i, v.name().stringValue());
                        }
                    }
                }
            });
        }
        return names;
    }

    private static List<Parameter> fallback(int arity) {
        return fallbackNames(arity).stream().map(Parameter::untyped).toList();
    }

    private static List<String> fallbackNames(int arity) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < arity; i++) {
            names.add("arg" + i);
        }
        return names;
    }
}
