/**
 * Wildcard patterns as IAM uses them: `*` (any run of characters) and `?` (one character) in actions, resources
 * and principals, and `${Variable}` placeholders in the reference's ARN formats.
 *
 * Two patterns are compared as languages, not as strings: the policy ARN `arn:aws:logs:r:1:log-group:app:*`
 * overlaps the format `...:log-group:${LogGroupName}:log-stream:${LogStreamName}` because some concrete ARN
 * matches both. Comparisons are case-insensitive: ARN resource names are case-sensitive in AWS, but a case
 * difference is never what makes a policy over-broad, and being lenient here avoids false positives.
 */

/** A token is a lower-cased char code (>= 0), ONE (exactly one character) or STAR (any run, maybe empty). */
export type PatternToken = number;
export const ONE = -1;
export const STAR = -2;

const compiledGlobs = new Map<string, PatternToken[]>();

/**
 * Compiles `text`. In "glob" mode (policy side) `*`/`?` are wildcards and a policy variable such as
 * `${aws:username}` can be anything. In "format" mode (reference side) `${Name}` is a non-empty value and a
 * literal `*` means "anything" too.
 */
export function compilePattern(text: string, mode: "glob" | "format" | "literal"): PatternToken[] {
    if (mode === "glob") {
        const hit = compiledGlobs.get(text);
        if (hit) return hit;
    }
    const out: PatternToken[] = [];
    for (let i = 0; i < text.length; i++) {
        const ch = text[i];
        if (mode !== "literal" && ch === "$" && text[i + 1] === "{") {
            const end = text.indexOf("}", i + 2);
            if (end > 0) {
                const inner = text.slice(i + 2, end);
                if (mode === "glob" && (inner === "*" || inner === "?" || inner === "$")) {
                    out.push(inner.toLowerCase().charCodeAt(0));
                } else if (mode === "format") {
                    out.push(ONE, STAR);
                } else {
                    out.push(STAR);
                }
                i = end;
                continue;
            }
        }
        if (mode !== "literal" && ch === "*") {
            if (out[out.length - 1] !== STAR) out.push(STAR);
        } else if (mode === "glob" && ch === "?") {
            out.push(ONE);
        } else {
            out.push(ch.toLowerCase().charCodeAt(0));
        }
    }
    if (mode === "glob") {
        if (compiledGlobs.size > 50_000) compiledGlobs.clear();
        compiledGlobs.set(text, out);
    }
    return out;
}

export function hasWildcard(text: string): boolean {
    return text.includes("*") || text.includes("?") || text.includes("${");
}

/** True when some string matches both patterns. */
export function intersects(a: readonly PatternToken[], b: readonly PatternToken[]): boolean {
    const n = a.length;
    const m = b.length;
    const width = m + 1;
    const seen = new Uint8Array((n + 1) * width);
    const stack: number[] = [0];
    seen[0] = 1;
    const push = (i: number, j: number): void => {
        const k = i * width + j;
        if (seen[k] === 0) {
            seen[k] = 1;
            stack.push(k);
        }
    };
    while (stack.length > 0) {
        const k = stack.pop() as number;
        const i = Math.floor(k / width);
        const j = k - i * width;
        if (i === n && j === m) return true;
        const ta = i < n ? a[i] : undefined;
        const tb = j < m ? b[j] : undefined;
        if (ta === STAR) push(i + 1, j);
        if (tb === STAR) push(i, j + 1);
        if (ta === undefined || tb === undefined) continue;
        // Both sides produce one common character.
        if (ta >= 0 && tb >= 0) {
            if (ta === tb) push(i + 1, j + 1);
            continue;
        }
        const ni = ta === STAR ? i : i + 1;
        const nj = tb === STAR ? j : j + 1;
        if (ni !== i || nj !== j) push(ni, nj);
    }
    return false;
}

/**
 * True when every string matched by `inner` is matched by `outer` (a sound approximation: a wildcard of
 * `inner` must fall inside a `*` of `outer`).
 */
export function covers(outer: readonly PatternToken[], inner: readonly PatternToken[]): boolean {
    const n = inner.length;
    const m = outer.length;
    const width = m + 1;
    const seen = new Uint8Array((n + 1) * width);
    const stack: number[] = [0];
    seen[0] = 1;
    const push = (i: number, j: number): void => {
        const k = i * width + j;
        if (seen[k] === 0) {
            seen[k] = 1;
            stack.push(k);
        }
    };
    while (stack.length > 0) {
        const k = stack.pop() as number;
        const i = Math.floor(k / width);
        const j = k - i * width;
        if (i === n && j === m) return true;
        const ti = i < n ? inner[i] : undefined;
        const to = j < m ? outer[j] : undefined;
        if (to === STAR) {
            push(i, j + 1);
            if (ti !== undefined) push(i + 1, j);
            continue;
        }
        if (ti === undefined || to === undefined) continue;
        if (to === ONE ? ti !== STAR : ti >= 0 && ti === to) push(i + 1, j + 1);
    }
    return false;
}

const matchCache = new Map<string, boolean>();

/** Does the IAM-style glob `pattern` match the concrete string `value`? */
export function globMatches(pattern: string, value: string): boolean {
    const key = `${pattern}\u0000${value}`;
    const hit = matchCache.get(key);
    if (hit !== undefined) return hit;
    const result = intersects(compilePattern(pattern, "glob"), compilePattern(value, "literal"));
    if (matchCache.size > 50_000) matchCache.clear();
    matchCache.set(key, result);
    return result;
}

/** Does glob `outer` cover glob `inner` (every value `inner` allows, `outer` allows)? */
export function globCovers(outer: string, inner: string): boolean {
    if (outer === inner || outer === "*") return true;
    return covers(compilePattern(outer, "glob"), compilePattern(inner, "glob"));
}

const matchers = new Map<string, (value: string) => boolean>();

/**
 * A matcher for a list of IAM-style globs (an allowlist, an action family), compiled once per distinct list:
 * exact entries become a set lookup, only real wildcards go through the automaton.
 */
const matchersByList = new WeakMap<readonly string[], (value: string) => boolean>();

export function listMatcher(patterns: readonly string[]): (value: string) => boolean {
    const same = matchersByList.get(patterns);
    if (same) return same;
    const key = patterns.join("\n");
    const hit = matchers.get(key);
    if (hit) {
        matchersByList.set(patterns, hit);
        return hit;
    }
    const exact = new Set<string>();
    const globs: PatternToken[][] = [];
    for (const p of patterns) {
        if (hasWildcard(p)) globs.push(compilePattern(p, "glob"));
        else exact.add(p.toLowerCase());
    }
    const results = new Map<string, boolean>();
    const fn = (value: string): boolean => {
        const lower = value.toLowerCase();
        if (exact.has(lower)) return true;
        if (globs.length === 0) return false;
        let r = results.get(lower);
        if (r === undefined) {
            const literal = compilePattern(value, "literal");
            r = globs.some((g) => intersects(g, literal));
            if (results.size > 20_000) results.clear();
            results.set(lower, r);
        }
        return r;
    };
    if (matchers.size > 1_000) matchers.clear();
    matchers.set(key, fn);
    matchersByList.set(patterns, fn);
    return fn;
}
