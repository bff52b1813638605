package dev.pyra.core.net;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

/** An IP address or CIDR range ({@code 52.89.214.238}, {@code 10.0.0.0/8}, {@code ::1}), parsed without any DNS lookup. */
public record AddressRange(byte[] network, int prefix) {
    private static final Pattern IPV4 = Pattern.compile("^\\d{1,3}(\\.\\d{1,3}){3}$");

    public static AddressRange parse(String text) {
        String trimmed = text.trim();
        int slash = trimmed.indexOf('/');
        String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        byte[] bytes = literal(address);
        if (bytes == null) {
            throw new IllegalArgumentException("not an IP address: '" + text + "'");
        }
        int prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(trimmed.substring(slash + 1));
        if (prefix < 0 || prefix > bytes.length * 8) {
            throw new IllegalArgumentException("not a prefix length for " + address + ": /" + prefix);
        }
        return new AddressRange(bytes, prefix);
    }

    /** The address's bytes, or null when the text is not an IP literal (never a name to look up). */
    public static byte[] literal(String address) {
        String a = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
        if (!IPV4.matcher(a).matches() && !a.contains(":")) {
            return null;
        }
        try {
            return InetAddress.getByName(a).getAddress(); // a literal: parsed, not resolved
        } catch (UnknownHostException e) {
            return null;
        }
    }

    public boolean contains(String address) {
        byte[] bytes = literal(address);
        if (bytes == null || bytes.length != network.length) {
            return false;
        }
        int shift = network.length * 8 - prefix;
        return new BigInteger(1, bytes).shiftRight(shift).equals(new BigInteger(1, network).shiftRight(shift));
    }

    public static boolean anyContains(List<String> ranges, String address) {
        for (String range : ranges) {
            if (parse(range).contains(address)) {
                return true;
            }
        }
        return false;
    }
}
