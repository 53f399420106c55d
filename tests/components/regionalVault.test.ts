import { strict as assert } from "assert";
import { OfflineRun } from "../../tools/offline";
import { ACCOUNT, find, planBoth, policyOf } from "../helpers";
import {
    KEY_ADMIN_ACTIONS,
    KEY_USE_ACTIONS,
    RegionalVault,
    RegionalVaultArgs,
} from "../../components/regionalVault";

const A = ACCOUNT;
const ROLES = ["BackupTest-ServiceBackupPolicy", "BackupTest-AdminRole", "BackupTest-OperatorRole"].map(
    (n) => `arn:aws:iam::${A}:role/${n}`,
);

function expectedKeyPolicy(region: string) {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "AccountAdministersKeyButCannotUseIt",
                Effect: "Allow",
                Principal: { AWS: `arn:aws:iam::${A}:root` },
                Action: [...KEY_ADMIN_ACTIONS],
                Resource: "*",
            },
            {
                Sid: "BackupRolesUseKeyThroughAwsBackup",
                Effect: "Allow",
                Principal: { AWS: `arn:aws:iam::${A}:root` },
                Action: [...KEY_USE_ACTIONS],
                Resource: "*",
                Condition: {
                    ArnEquals: { "aws:PrincipalArn": ROLES },
                    StringEquals: {
                        "kms:ViaService": `backup.${region}.amazonaws.com`,
                        "kms:CallerAccount": A,
                    },
                },
            },
        ],
    };
}

describe("RegionalVault", () => {
    let runs: Record<"dest" | "source", OfflineRun>;
    before(async () => {
        runs = await planBoth();
    });

    for (const [site, region, vaultName] of [
        ["dest", "ap-southeast-2", "TestEFS-Dest-BackupVault"],
        ["source", "ap-northeast-1", "TestEFS-Source-BackupVault"],
    ] as const) {
        it(`${site}: a rotating CMK whose policy names who administers and who uses it`, () => {
            const key = find(runs[site], "aws:kms/key:Key", `${site}-key`);
            assert.equal(key.inputs.enableKeyRotation, true);
            assert.equal(key.inputs.deletionWindowInDays, 30);
            assert.deepEqual(policyOf(key), expectedKeyPolicy(region));
            const actions = policyOf(key).Statement.flatMap((s) => s.Action);
            assert.ok(!actions.includes("kms:*"), "no kms:* for the whole account");
        });

        it(`${site}: protects the key and the vault from pulumi destroy`, () => {
            assert.equal(find(runs[site], "aws:kms/key:Key", `${site}-key`).protect, true);
            assert.equal(find(runs[site], "aws:backup/vault:Vault", `${site}-vault`).protect, true);
        });

        it(`${site}: vault ${vaultName} is encrypted with the site's key, aliased alias/Key_For_EFSBackup`, () => {
            const vault = find(runs[site], "aws:backup/vault:Vault", `${site}-vault`);
            assert.equal(vault.inputs.name, vaultName);
            assert.equal(vault.inputs.kmsKeyArn, runs[site].outputs.keyArn);
            const alias = find(runs[site], "aws:kms/alias:Alias", `${site}-alias`);
            assert.equal(alias.inputs.name, "alias/Key_For_EFSBackup");
        });

        it(`${site}: the vault access policy reserves recovery-point deletion to the admin`, () => {
            const policy = find(runs[site], "aws:backup/vaultPolicy:VaultPolicy", `${site}-vault-policy`);
            assert.equal(policy.inputs.backupVaultName, vaultName);
            assert.deepEqual(policyOf(policy), {
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "OnlyAdminDeletesRecoveryPoints",
                        Effect: "Deny",
                        Principal: { AWS: "*" },
                        Action: ["backup:DeleteRecoveryPoint", "backup:UpdateRecoveryPointLifecycle"],
                        Resource: "*",
                        Condition: {
                            ArnNotEquals: {
                                "aws:PrincipalArn": `arn:aws:iam::${A}:role/BackupTest-AdminRole`,
                            },
                        },
                    },
                ],
            });
        });
    }

    it("creates no vault access policy when vaultLockdown is false", async () => {
        const { dest } = await planBoth({ dest: { vaultLockdown: "false" } });
        assert.equal(dest.resources.filter((r) => r.type === "aws:backup/vaultPolicy:VaultPolicy").length, 0);
    });

    describe("argument validation", () => {
        const good: RegionalVaultArgs = {
            account: { partition: "aws", accountId: A },
            region: "ap-southeast-2",
            vaultName: "Vault",
            keyUserRoleArns: ROLES,
        };
        const cases: Array<[Partial<RegionalVaultArgs>, string]> = [
            [{ vaultName: "v" }, 'RegionalVault "v": vaultName "v" must be 2-50 letters, digits, - or _'],
            [
                { keyAlias: "Key" },
                'RegionalVault "v": keyAlias "Key" must be alias/<name> and not under alias/aws/',
            ],
            [
                { keyDeletionWindowDays: 60 },
                'RegionalVault "v": keyDeletionWindowDays 60 must be a whole number from 7 to 30',
            ],
            [
                { keyUserRoleArns: [] },
                'RegionalVault "v": keyUserRoleArns is empty, so nobody could use the vault key',
            ],
            [{ recoveryPointAdminArn: "admin" }, 'RegionalVault "v": "admin" is not an IAM role ARN'],
        ];
        for (const [bad, message] of cases) {
            it(message, () => {
                assert.throws(() => new RegionalVault("v", { ...good, ...bad }), { message });
            });
        }
    });
});
