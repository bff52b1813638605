package dev.pyra.core.hooks;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyArray;
import org.graalvm.polyglot.proxy.ProxyObject;

/**
 * Plain data across the sandbox's wall, both ways. In: Pyra's own copies (maps, lists, strings,
 * numbers) shown to the script as read-only objects and arrays — {@code ProxyObject.fromMap} would
 * write through to the Java map, so these refuse every write (the proxies are touched only on the
 * hook thread, one call at a time); their {@code toString} says nothing
 * of Java. Out: what the script returned, copied into plain Java data within size limits (a
 * getter on a returned object runs the script's code, so the copy runs under the call's budget).
 */
final class HookData {
    /** Caps on what a script may return: hooks answer with a few numbers, not a database. */
    static final int MAX_ITEMS = 10_000;
    static final int MAX_STRING = 4_096;
    static final int MAX_DEPTH = 6;

    private HookData() {}

    /**
     * A value as the script sees it: numbers as JS numbers, maps and lists read-only. Maps and
     * lists are wrapped, not copied: their members are converted when the script first reads
     * them (a hook that looks at three fields of a context of 200 groups pays for three). They
     * are Pyra's copies built for this call, never changed after it.
     */
    static Object in(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer || value instanceof Long
                || value instanceof Double) {
            return value;
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.doubleValue();
        }
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        if (value instanceof Map<?, ?> map) {
            return new ReadOnlyObject(map);
        }
        if (value instanceof List<?> list) {
            return new ReadOnlyArray(list);
        }
        return String.valueOf(value);
    }

    /** A script's answer as plain Java data: null, Boolean, Double, String, List, Map. */
    static Object out(Value value) {
        return out(value, MAX_DEPTH, new int[] {MAX_ITEMS});
    }

    private static Object out(Value value, int depth, int[] budget) {
        if (--budget[0] < 0) {
            throw new InvalidAnswer("the answer is too large (more than " + MAX_ITEMS + " values)");
        }
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        if (value.isNumber()) {
            return value.fitsInDouble() ? value.asDouble() : Double.NaN;
        }
        if (value.isString()) {
            String text = value.asString();
            if (text.length() > MAX_STRING) {
                throw new InvalidAnswer("a string in the answer is longer than " + MAX_STRING + " characters");
            }
            return text;
        }
        if (depth <= 0) {
            throw new InvalidAnswer("the answer is nested deeper than " + MAX_DEPTH + " levels");
        }
        if (value.hasArrayElements()) {
            long size = value.getArraySize();
            if (size > MAX_ITEMS) {
                throw new InvalidAnswer("an array in the answer has more than " + MAX_ITEMS + " items");
            }
            List<Object> items = new ArrayList<>((int) size);
            for (long i = 0; i < size; i++) {
                items.add(out(value.getArrayElement(i), depth - 1, budget));
            }
            return Collections.unmodifiableList(items);
        }
        if (value.hasMembers() && !value.canExecute()) {
            Map<String, Object> members = new LinkedHashMap<>();
            for (String key : value.getMemberKeys()) {
                members.put(key, out(value.getMember(key), depth - 1, budget));
            }
            return Collections.unmodifiableMap(members);
        }
        throw new InvalidAnswer("the answer holds a " + (value.canExecute() ? "function" : "value of an unsupported kind")
                + "; return plain data (numbers, strings, booleans, arrays, objects)");
    }

    /** A script's answer Pyra cannot use: the hook is skipped for that decision. */
    static final class InvalidAnswer extends RuntimeException {
        InvalidAnswer(String message) {
            super(message, null, false, false);
        }
    }

    /** A read-only object: the script reads its members and cannot change or add any. */
    static final class ReadOnlyObject implements ProxyObject {
        private final Map<?, ?> members;
        /** Members as the script has seen them: the same object each time it reads one. */
        private final Map<String, Object> seen = new java.util.HashMap<>();
        private ProxyArray keys;

        ReadOnlyObject(Map<?, ?> members) {
            this.members = members;
        }

        @Override
        public Object getMember(String key) {
            Object value = seen.get(key);
            if (value == null && members.containsKey(key)) {
                value = in(members.get(key));
                if (value != null) {
                    seen.put(key, value);
                }
            }
            return value;
        }

        @Override
        public Object getMemberKeys() {
            if (keys == null) {
                keys = new ReadOnlyArray(members.keySet().stream().map(String::valueOf).toList());
            }
            return keys;
        }

        @Override
        public boolean hasMember(String key) {
            return members.containsKey(key);
        }

        @Override
        public void putMember(String key, Value value) {
            throw new UnsupportedOperationException("Pyra's data is read-only: copy it ({...x}) to change it");
        }

        @Override
        public boolean removeMember(String key) {
            throw new UnsupportedOperationException("Pyra's data is read-only");
        }

        @Override
        public String toString() {
            return "[object Object]";
        }
    }

    /** A read-only array; its items are converted (and, for a lazy list, made) when first read. */
    static final class ReadOnlyArray implements ProxyArray {
        private final List<?> items;
        private final Object[] seen;

        ReadOnlyArray(List<?> items) {
            this.items = items;
            this.seen = new Object[items.size()];
        }

        @Override
        public Object get(long index) {
            if (index < 0 || index >= seen.length) {
                throw new ArrayIndexOutOfBoundsException("no item " + index);
            }
            int i = (int) index;
            if (seen[i] == null) {
                seen[i] = in(items.get(i));
            }
            return seen[i];
        }

        @Override
        public void set(long index, Value value) {
            throw new UnsupportedOperationException("Pyra's data is read-only: copy it ([...x]) to change it");
        }

        @Override
        public boolean remove(long index) {
            throw new UnsupportedOperationException("Pyra's data is read-only");
        }

        @Override
        public long getSize() {
            return seen.length;
        }

        @Override
        public String toString() {
            return "[object Array]";
        }
    }
}
