package dev.pyra.core.hooks;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What Pyra checks in a hook's source before it runs: its size, and that it uses no
 * {@code try}. A hook's exception is Pyra's to catch (the built-in rule decides and the failure is
 * counted), and {@code try}/{@code finally} is the one way a script can run code while a stopped
 * call unwinds — a {@code finally} that loops after a stack overflow can outlive the community
 * runtime's cancel and keep a thread busy for good. That the function is defined is checked when
 * the source is evaluated.
 */
final class HookSource {
    private HookSource() {}

    /** The problems found, each with its line; empty when the source may run. */
    static List<String> problems(String source) {
        List<String> problems = new ArrayList<>();
        int bytes = source.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > HookFiles.MAX_SOURCE_BYTES) {
            problems.add("the source is " + bytes + " bytes; a hook may have at most " + HookFiles.MAX_SOURCE_BYTES);
            return problems;
        }
        for (int line : tryStatements(source)) {
            problems.add("line " + line + ": try/catch/finally is not allowed in a hook (a thrown error is Pyra's to handle: "
                    + "the built-in rule decides); see docs/js-hooks.md");
        }
        return problems;
    }

    /** The lines where the keyword {@code try} stands in code (not in a string, template text, comment or after a dot). */
    static List<Integer> tryStatements(String source) {
        List<Integer> lines = new ArrayList<>();
        int line = 1;
        int n = source.length();
        // template literals nest through ${ }: each open template remembers the brace depth its ${ started at
        java.util.ArrayDeque<Integer> templates = new java.util.ArrayDeque<>();
        int braces = 0;
        boolean inTemplateText = false;
        char previous = 0; // the last character of code that was not white space
        int i = 0;
        while (i < n) {
            char c = source.charAt(i);
            if (c == '\n') {
                line++;
            }
            if (inTemplateText) {
                if (c == '\\') {
                    i += 2;
                    continue;
                }
                if (c == '`') {
                    inTemplateText = false;
                    templates.pop();
                    previous = '`';
                } else if (c == '$' && i + 1 < n && source.charAt(i + 1) == '{') {
                    inTemplateText = false;
                    braces++;
                    templates.push(templates.pop()); // the template's depth stays where it was
                    i += 2;
                    previous = '{';
                    continue;
                }
                i++;
                continue;
            }
            if (c == '/' && i + 1 < n && source.charAt(i + 1) == '/') {
                while (i < n && source.charAt(i) != '\n') {
                    i++;
                }
                continue;
            }
            if (c == '/' && i + 1 < n && source.charAt(i + 1) == '*') {
                i += 2;
                while (i < n && !(source.charAt(i) == '*' && i + 1 < n && source.charAt(i + 1) == '/')) {
                    if (source.charAt(i) == '\n') {
                        line++;
                    }
                    i++;
                }
                i += 2;
                continue;
            }
            if (c == '\'' || c == '"') {
                i++;
                while (i < n && source.charAt(i) != c && source.charAt(i) != '\n') {
                    i += source.charAt(i) == '\\' ? 2 : 1;
                }
                i++;
                previous = c;
                continue;
            }
            if (c == '`') {
                templates.push(braces);
                inTemplateText = true;
                i++;
                continue;
            }
            if (c == '{') {
                braces++;
            } else if (c == '}') {
                braces--;
                if (!templates.isEmpty() && braces == templates.peek()) {
                    inTemplateText = true; // back in the template's text after its ${ … }
                    i++;
                    continue;
                }
            }
            if (Character.isJavaIdentifierStart(c)) {
                int start = i;
                while (i < n && Character.isJavaIdentifierPart(source.charAt(i))) {
                    i++;
                }
                if (source.substring(start, i).equals("try") && previous != '.') {
                    lines.add(line);
                }
                previous = 'a';
                continue;
            }
            if (!Character.isWhitespace(c)) {
                previous = c;
            }
            i++;
        }
        return lines;
    }
}
