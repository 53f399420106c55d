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
// The offline runtime's caller identity: the deployer may use the key through AWS Backup to create the vault.
const DEPLOYER = `arn:aws:iam::${A}:user/offline-plan`;

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
                Sid: "BackupPrincipalsUseKeyThroughBackupAndEfs",
                Effect: "Allow",
                Principal: { AWS: `arn:aws:iam::${A}:root` },
                Action: [...KEY_USE_ACTIONS],
                Resource: "*",
                Condition: {
                    ArnLike: { "aws:PrincipalArn": [...ROLES, DEPLOYER] },
                    StringEquals: {
                        "kms:ViaService": [
                            `backup.${region}.amazonaws.com`,
                            `elasticfilesystem.${region}.amazonaws.com`,
                        ],
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
            const deletion = {
                Sid: "OnlyAdminDeletesRecoveryPoints",
                Effect: "Deny",
                Principal: { AWS: "*" },
                Action: ["backup:DeleteRecoveryPoint", "backup:UpdateRecoveryPointLifecycle"],
                Resource: "*",
                Condition: {
                    ArnNotEquals: { "aws:PrincipalArn": `arn:aws:iam::${A}:role/BackupTest-AdminRole` },
                },
            };
            const copyOut = {
                Sid: "CopyOnlyToTheDestVault",
                Effect: "Deny",
                Principal: { AWS: "*" },
                Action: "backup:CopyFromBackupVault",
                Resource: "*",
                Condition: {
                    "ForAnyValue:ArnNotEquals": {
                        "backup:CopyTargets": [
                            `arn:aws:backup:ap-southeast-2:${A}:backup-vault:TestEFS-Dest-BackupVault`,
                        ],
                    },
                },
            };
            assert.deepEqual(policyOf(policy), {
                Version: "2012-10-17",
                Statement: site === "source" ? [deletion, copyOut] : [deletion],
            });
        });
    }

    it("creates no vault access policy when vaultLockdown is false", async () => {
        const { dest } = await planBoth({ dest: { vaultLockdown: "false" } });
        assert.equal(dest.resources.filter((r) => r.type === "aws:backup/vaultPolicy:VaultPolicy").length, 0);
    });

    it("lets a role-based deployer use the key whatever the role's path", async () => {
        const { deployerPrincipalArns } = await import("../../program");
        assert.deepEqual(deployerPrincipalArns(`arn:aws:sts::${A}:assumed-role/ci-deployer/session-1`), [
            `arn:aws:iam::${A}:role/ci-deployer`,
            `arn:aws:iam::${A}:role/*/ci-deployer`,
        ]);
        assert.deepEqual(deployerPrincipalArns(DEPLOYER), [DEPLOYER]);
    });

    it("uses the configured deployerArn instead of the caller identity", async () => {
        const { dest } = await planBoth({ dest: { deployerArn: `arn:aws:iam::${A}:role/ci` } });
        const statement = policyOf(find(dest, "aws:kms/key:Key", "dest-key")).Statement[1];
        assert.deepEqual(statement.Condition?.ArnLike, {
            "aws:PrincipalArn": [...ROLES, `arn:aws:iam::${A}:role/ci`],
        });
    });

    describe("argument validation", () => {
        const good: RegionalVaultArgs = {
            account: { partition: "aws", accountId: A },
            region: "ap-southeast-2",
            vaultName: "Vault",
            keyUserArns: ROLES,
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
                { keyUserArns: [] },
                'RegionalVault "v": keyUserArns is empty, so nobody could use the vault key',
            ],
            [{ keyUserArns: ["alice"] }, 'RegionalVault "v": key user "alice" is not an IAM principal ARN'],
            [
                { copyTargetVaultArns: ["arn:aws:s3:::bucket"] },
                'RegionalVault "v": copy target "arn:aws:s3:::bucket" is not a backup vault ARN',
            ],
            [
                { recoveryPointAdminArn: "admin" },
                'RegionalVault "v": recoveryPointAdminArn "admin" is not an IAM role ARN',
            ],
        ];
        for (const [bad, message] of cases) {
            it(message, () => {
                assert.throws(() => new RegionalVault("v", { ...good, ...bad }), { message });
            });
        }
    });
});
