import * as assert from "assert";
import {
    compilePattern,
    covers,
    globCovers,
    globMatches,
    intersects,
} from "../../../policy-pack/lib/patterns";

const g = (s: string) => compilePattern(s, "glob");
const f = (s: string) => compilePattern(s, "format");

describe("patterns", () => {
    it("matches IAM globs against strings, case-insensitively", () => {
        assert.ok(globMatches("backup:Get*", "backup:GetBackupPlan"));
        assert.ok(globMatches("iam:Pass?ole", "IAM:PASSROLE"));
        assert.ok(!globMatches("backup:Get*", "backup:ListTags"));
    });

    it("intersects a policy ARN with a reference format", () => {
        assert.ok(
            intersects(g("log-group:app:*"), f("log-group:${LogGroupName}:log-stream:${LogStreamName}")),
        );
        assert.ok(intersects(g("snapshot/*"), f("${ResourceType}:${RecoveryPointId}")));
        assert.ok(!intersects(g("user/alice"), f("role/${RoleNameWithPath}")));
        assert.ok(!intersects(g(""), f("${Account}")), "a variable is never empty");
    });

    it("decides coverage soundly", () => {
        assert.ok(globCovers("arn:aws:s3:::b/*", "arn:aws:s3:::b/x/*"));
        assert.ok(!globCovers("a?c", "a*c"));
        assert.ok(covers(g("*"), g("anything?*")));
        assert.ok(!globCovers("arn:aws:s3:::b/x*", "arn:aws:s3:::b/*"));
    });
});
