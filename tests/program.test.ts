import { strict as assert } from "assert";
import { OfflineRun } from "../tools/offline";
import {
    ACCOUNT,
    DEST_REGION,
    SOURCE_REGION,
    countByType,
    planBoth,
    rejection,
    stackConfig,
} from "./helpers";
import { planStacks } from "../tools/plan";

describe("program: both stacks under mocks", () => {
    let dest: OfflineRun;
    let source: OfflineRun;
    before(async () => {
        ({ dest, source } = await planBoth());
    });

    it("registers exactly the dest site's resources", () => {
        assert.deepEqual(countByType(dest), {
            "pulumi:pulumi:Stack": 1,
            "pulumi:providers:aws": 1,
            "backup:index:RegionalVault": 1,
            "aws:kms/key:Key": 1,
            "aws:kms/alias:Alias": 1,
            "aws:backup/vault:Vault": 1,
            "aws:backup/vaultPolicy:VaultPolicy": 1,
        });
    });

    it("registers exactly the source site's resources", () => {
        assert.deepEqual(countByType(source), {
            "pulumi:pulumi:Stack": 1,
            "pulumi:providers:aws": 1,
            "pulumi:pulumi:StackReference": 1,
            "backup:index:RegionalVault": 1,
            "aws:kms/key:Key": 1,
            "aws:kms/alias:Alias": 1,
            "aws:backup/vault:Vault": 1,
            "aws:backup/vaultPolicy:VaultPolicy": 1,
            "backup:index:BackupRoleSet": 1,
            "aws:iam/role:Role": 5,
            "aws:iam/rolePolicy:RolePolicy": 3,
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment": 3,
            "backup:index:EfsNetwork": 1,
            "awsx:ec2:Vpc": 1,
            "aws:cloudwatch/logGroup:LogGroup": 1,
            "aws:ec2/flowLog:FlowLog": 1,
            "aws:ec2/securityGroup:SecurityGroup": 2,
            "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": 1,
            "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": 2,
            "aws:efs/fileSystem:FileSystem": 1,
            "aws:efs/mountTarget:MountTarget": 2,
            "aws:iam/instanceProfile:InstanceProfile": 1,
            "aws:ec2/instance:Instance": 1,
            "aws:cloudwatch/metricAlarm:MetricAlarm": 1,
            "backup:index:EfsBackupPlan": 1,
            "aws:backup/plan:Plan": 1,
            "aws:backup/selection:Selection": 1,
        });
    });

    for (const [stack, region] of [
        ["dest", DEST_REGION],
        ["source", SOURCE_REGION],
    ] as const) {
        it(`gives every AWS resource of ${stack} the explicit ${region} provider`, () => {
            const run = stack === "dest" ? dest : source;
            const providers = run.resources.filter((r) => r.type === "pulumi:providers:aws");
            assert.equal(providers.length, 1);
            assert.equal(providers[0].inputs.region, region);
            assert.equal(providers[0].name, `${stack}-${region}`);
            const providerRef = `${providers[0].urn}::${providers[0].id}`;
            const awsResources = run.resources.filter((r) => /^awsx?:/.test(r.type));
            assert.ok(awsResources.length >= (stack === "dest" ? 4 : 30));
            for (const r of awsResources) {
                assert.equal(r.provider, providerRef, `${r.type} ${r.name} is not on the ${stack} provider`);
                assert.equal(r.region, region, `${r.type} ${r.name}`);
            }
        });
    }

    it("pins the provider to the configured account when accountId is set", async () => {
        const { runs } = await planStacks({
            dest: stackConfig("dest", { accountId: ACCOUNT }),
            source: stackConfig("source"),
        });
        const provider = runs[0].resources.find((r) => r.type === "pulumi:providers:aws");
        assert.equal(provider?.inputs.allowedAccountIds, JSON.stringify([ACCOUNT]));
    });

    it("exports what the source stack reads from dest", () => {
        assert.deepEqual(Object.keys(dest.outputs).sort(), [
            "accountId",
            "keyAliasArn",
            "keyArn",
            "region",
            "site",
            "vaultArn",
            "vaultName",
        ]);
        assert.equal(
            dest.outputs.vaultArn,
            `arn:aws:backup:${DEST_REGION}:${ACCOUNT}:backup-vault:TestEFS-Dest-BackupVault`,
        );
        assert.equal(dest.outputs.site, "dest");
    });

    it("exports the ARNs and IDs a user needs from source", () => {
        const o = source.outputs;
        assert.equal(o.destVaultArn, dest.outputs.vaultArn);
        assert.equal(o.destKeyArn, dest.outputs.keyArn);
        assert.equal(o.destRegion, DEST_REGION);
        assert.equal(o.adminRoleArn, `arn:aws:iam::${ACCOUNT}:role/BackupTest-AdminRole`);
        assert.equal(o.operatorRoleArn, `arn:aws:iam::${ACCOUNT}:role/BackupTest-OperatorRole`);
        assert.equal(o.serviceRoleArn, `arn:aws:iam::${ACCOUNT}:role/BackupTest-ServiceBackupPolicy`);
        assert.match(
            String(o.fileSystemArn),
            /^arn:aws:elasticfilesystem:ap-northeast-1:123456789012:file-system\/fs-/,
        );
        assert.match(String(o.planArn), /^arn:aws:backup:ap-northeast-1:123456789012:backup-plan:/);
        for (const k of [
            "planId",
            "selectionId",
            "fileSystemId",
            "bastionInstanceId",
            "vpcId",
            "keyArn",
            "vaultArn",
        ]) {
            assert.equal(typeof o[k], "string", k);
        }
    });

    it("exports a ready-to-paste ~/.aws/config snippet for runbook step 5", () => {
        assert.equal(
            source.outputs.awsConfigSnippet,
            [
                "[profile backupadmin]",
                `role_arn = arn:aws:iam::${ACCOUNT}:role/BackupTest-AdminRole`,
                "source_profile = default",
                `region = ${SOURCE_REGION}`,
                "output = json",
                "",
                "[profile backupoper]",
                `role_arn = arn:aws:iam::${ACCOUNT}:role/BackupTest-OperatorRole`,
                "source_profile = default",
                `region = ${SOURCE_REGION}`,
                "output = json",
                "",
            ].join("\n"),
        );
    });

    it("reads the dest stack through a StackReference named in config", () => {
        const ref = source.resources.find((r) => r.type === "pulumi:pulumi:StackReference");
        assert.equal(ref?.operation, "read");
        assert.equal(ref?.name, "dest-stack");
        assert.equal(ref?.inputs.name, "organization/efs-backup/dest");
    });
});

describe("program: cross-stack checks", () => {
    it("fails when source and dest are in the same region", async () => {
        const message = await rejection(planBoth({ dest: { region: SOURCE_REGION } }));
        assert.equal(
            message,
            'efs-backup:region is ap-northeast-1, the same region as the dest stack "organization/efs-backup/dest". A cross-region copy needs two regions: change region here or in the dest stack',
        );
    });

    it("fails when the referenced stack does not exist", async () => {
        const { runOffline } = await import("../tools/offline");
        const message = await rejection(
            runOffline({ stack: "source", config: stackConfig("source"), stackOutputs: {} }),
        );
        assert.match(message, /unknown stack "organization\/efs-backup\/dest"/);
    });

    it("fails when the stack reference points at a source site", async () => {
        const { runOffline } = await import("../tools/offline");
        const message = await rejection(
            runOffline({
                stack: "source",
                config: stackConfig("source"),
                stackOutputs: {
                    "organization/efs-backup/dest": {
                        site: "source",
                        region: DEST_REGION,
                        accountId: ACCOUNT,
                        vaultName: "v",
                        vaultArn: "a",
                        keyArn: "k",
                    },
                },
            }),
        );
        assert.equal(
            message,
            'efs-backup:destStack "organization/efs-backup/dest" is a source site, not a dest site. Point destStack at the stack whose site is dest',
        );
    });

    it("fails naming the missing outputs of an undeployed dest stack", async () => {
        const { runOffline } = await import("../tools/offline");
        const message = await rejection(
            runOffline({
                stack: "source",
                config: stackConfig("source"),
                stackOutputs: { "organization/efs-backup/dest": { site: "dest" } },
            }),
        );
        assert.equal(
            message,
            'efs-backup:destStack "organization/efs-backup/dest" has no output region, accountId, vaultName, vaultArn, keyArn. Deploy the dest stack first (pulumi up --stack dest), or point destStack at it',
        );
    });

    it("fails when the credentials are for another account than accountId", async () => {
        const message = await rejection(planBoth({ dest: { accountId: "999999999999" } }));
        assert.equal(
            message,
            "efs-backup:accountId is 999999999999, but the AWS credentials are for account 123456789012. Use credentials for 999999999999, or fix accountId",
        );
    });
});

describe("project files", () => {
    it("disables the default aws provider and runs index.ts with TypeScript", async () => {
        const fs = await import("fs");
        const path = await import("path");
        const yaml = await import("yaml");
        const { PROJECT_ROOT } = await import("../tools/offline");
        const project = yaml.parse(fs.readFileSync(path.join(PROJECT_ROOT, "Pulumi.yaml"), "utf8")) as {
            name: string;
            runtime: { name: string; options: { typescript: boolean } };
            config: Record<string, { value: unknown }>;
        };
        assert.equal(project.name, "efs-backup");
        assert.deepEqual(project.runtime, { name: "nodejs", options: { typescript: true } });
        assert.deepEqual(project.config["pulumi:disable-default-providers"], { value: ["aws"] });
        const policyPack = yaml.parse(
            fs.readFileSync(path.join(PROJECT_ROOT, "policy-pack/PulumiPolicy.yaml"), "utf8"),
        );
        assert.equal(policyPack.runtime, "nodejs");
    });
});
