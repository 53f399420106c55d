import { strict as assert } from "assert";
import { ConfigError, cronProblem, loadConfig, rawStackConfig } from "../config";

const SOURCE = {
    site: "source",
    destStack: "org/efs-backup/dest",
    trustedPrincipalArn: "arn:aws:iam::123456789012:user/alice",
};

function error(raw: Record<string, string>): string {
    try {
        loadConfig(raw);
    } catch (e) {
        assert.ok(e instanceof ConfigError, `expected a ConfigError, got ${String(e)}`);
        return e.message;
    }
    throw new Error("expected a ConfigError");
}

describe("config", () => {
    it("applies the SPEC's defaults to a minimal source config", () => {
        const c = loadConfig(SOURCE);
        assert.equal(c.site, "source");
        assert.equal(c.region, "ap-northeast-1");
        assert.equal(c.vaultName, "TestEFS-Source-BackupVault");
        assert.equal(c.keyAlias, "alias/Key_For_EFSBackup");
        assert.equal(c.keyDeletionWindowDays, 30);
        assert.equal(c.vaultLockdown, true);
        assert.deepEqual(c.roles, {
            serviceRoleName: "BackupTest-ServiceBackupPolicy",
            adminRoleName: "BackupTest-AdminRole",
            operatorRoleName: "BackupTest-OperatorRole",
        });
        assert.deepEqual(c.source?.plan, {
            planName: "TestEFS-testplan",
            ruleName: "HalfDayBackups",
            schedule: "cron(0 5/12 ? * * *)",
            startWindowMinutes: 480,
            completionWindowMinutes: 10080,
            lifecycle: { coldStorageAfterDays: 8, deleteAfterDays: 100 },
            copyLifecycle: { coldStorageAfterDays: 8, deleteAfterDays: 100 },
            selectionName: "TestEFS-selection",
            selectionTags: [],
        });
        assert.deepEqual(c.source?.network, {
            vpcName: "BackupPoCVPC",
            vpcCidr: "10.1.0.0/16",
            publicSubnetCidrs: ["10.1.0.0/24", "10.1.16.0/24"],
            privateSubnetCidrs: ["10.1.32.0/19", "10.1.128.0/19"],
            natGateways: "None",
            fileSystemName: "BackupTest-Volume",
            bastionInstanceType: "t3.micro",
            bastionKeyPairName: undefined,
            sshIngressCidrs: [],
            flowLogRetentionDays: 90,
        });
        assert.equal(c.source?.maxSessionHours, 12);
    });

    it("applies the dest defaults and has no source settings", () => {
        const c = loadConfig({ site: "dest" });
        assert.equal(c.region, "ap-southeast-2");
        assert.equal(c.vaultName, "TestEFS-Dest-BackupVault");
        assert.equal(c.source, undefined);
    });

    it("parses lists, numbers and never", () => {
        const c = loadConfig({
            ...SOURCE,
            sshIngressCidrs: '["203.0.113.0/24"]',
            deleteAfterDays: "never",
            selectionTags: '[{"key":"aws:ResourceTag/backup","value":"enabled"}]',
        });
        assert.deepEqual(c.source?.network.sshIngressCidrs, ["203.0.113.0/24"]);
        assert.deepEqual(c.source?.plan.lifecycle, { coldStorageAfterDays: 8, deleteAfterDays: undefined });
        assert.deepEqual(c.source?.plan.selectionTags, [{ key: "aws:ResourceTag/backup", value: "enabled" }]);
    });

    const cases: Array<[string, Record<string, string>, string]> = [
        [
            "missing site",
            {},
            "efs-backup:site is not set. Set it to source or dest: pulumi config set site dest",
        ],
        [
            "unknown site",
            { site: "primary" },
            'efs-backup:site is "primary", not a known site. Set it to source or dest',
        ],
        [
            "malformed region",
            { site: "dest", region: "tokyo" },
            'efs-backup:region is "tokyo", not an AWS region. Use a region code such as ap-northeast-1',
        ],
        [
            "misspelt key",
            { site: "dest", shedule: "x" },
            "efs-backup:shedule is not a setting of this program. Remove it; known settings: site, region, accountId,",
        ],
        [
            "source-only key on dest",
            { site: "dest", destStack: "a/b/c" },
            "efs-backup:destStack applies to the source site only (fully qualified dest stack name, e.g. myorg/efs-backup/dest). Remove it from the dest stack",
        ],
        [
            "missing stack reference",
            { site: "source", trustedPrincipalArn: SOURCE.trustedPrincipalArn },
            "efs-backup:destStack is not set; the source site reads the dest vault and key from the dest stack. Deploy the dest stack first, then: pulumi config set destStack <org>/efs-backup/dest",
        ],
        [
            "malformed stack reference",
            { ...SOURCE, destStack: "org/efs backup/dest" },
            'efs-backup:destStack is "org/efs backup/dest", not a stack name. Use <org>/<project>/<stack>, e.g. myorg/efs-backup/dest',
        ],
        [
            "malformed principal ARN",
            { ...SOURCE, trustedPrincipalArn: "arn:aws:iam::12345:user/alice" },
            'efs-backup:trustedPrincipalArn is "arn:aws:iam::12345:user/alice", not an IAM user or role ARN. Use e.g. arn:aws:iam::123456789012:user/alice or arn:aws:iam::123456789012:role/ops',
        ],
        [
            "whole account as principal",
            { ...SOURCE, trustedPrincipalArn: "arn:aws:iam::123456789012:root" },
            'efs-backup:trustedPrincipalArn is "arn:aws:iam::123456789012:root", not an IAM user or role ARN. Use e.g. arn:aws:iam::123456789012:user/alice or arn:aws:iam::123456789012:role/ops',
        ],
        [
            "bad account ID",
            { site: "dest", accountId: "1234" },
            'efs-backup:accountId is "1234", not a 12-digit account ID. Set the account ID, e.g. 123456789012',
        ],
        [
            "bad cron: five fields",
            { ...SOURCE, schedule: "cron(0 5 * * ?)" },
            'efs-backup:schedule is "cron(0 5 * * ?)", which has 5 fields; AWS cron takes exactly 6. Use e.g. cron(0 5/12 ? * * *)',
        ],
        [
            "bad cron: hour out of range",
            { ...SOURCE, schedule: "cron(0 25 ? * * *)" },
            'efs-backup:schedule is "cron(0 25 ? * * *)", which has hours "25" outside 0-23. Use e.g. cron(0 5/12 ? * * *)',
        ],
        [
            "bad cron: rate",
            { ...SOURCE, schedule: "rate(12 hours)" },
            'efs-backup:schedule is "rate(12 hours)", which must have the form cron(minutes hours day-of-month month day-of-week year). Use e.g. cron(0 5/12 ? * * *)',
        ],
        [
            "impossible lifecycle",
            { ...SOURCE, coldStorageAfterDays: "30", deleteAfterDays: "60" },
            "efs-backup:deleteAfterDays is 60, but recovery points move to cold storage after 30 days (coldStorageAfterDays) and must stay there at least 90 days. Set deleteAfterDays to 120 or more, or raise/remove coldStorageAfterDays",
        ],
        [
            "impossible copy lifecycle",
            { ...SOURCE, copyDeleteAfterDays: "97" },
            "efs-backup:copyDeleteAfterDays is 97, but recovery points move to cold storage after 8 days (copyColdStorageAfterDays) and must stay there at least 90 days. Set copyDeleteAfterDays to 98 or more, or raise/remove copyColdStorageAfterDays",
        ],
        [
            "non-numeric days",
            { ...SOURCE, deleteAfterDays: "a year" },
            'efs-backup:deleteAfterDays is "a year", not a whole number. Set a number from 1 to 36500',
        ],
        [
            "completion window not after start",
            { ...SOURCE, startWindowMinutes: "480", completionWindowMinutes: "120" },
            "efs-backup:completionWindowMinutes is 120, not longer than startWindowMinutes (480). A job must be able to finish after it starts: raise completionWindowMinutes",
        ],
        [
            "SSH from the internet",
            { ...SOURCE, sshIngressCidrs: '["0.0.0.0/0"]' },
            "efs-backup:sshIngressCidrs has 0.0.0.0/0, which opens SSH to a large part of the internet. List your own /8 or narrower ranges, or leave it empty and use SSM Session Manager",
        ],
        [
            "subnet outside VPC",
            { ...SOURCE, publicSubnetCidrs: '["10.2.0.0/24","10.1.16.0/24"]' },
            "efs-backup:publicSubnetCidrs has 10.2.0.0/24, outside vpcCidr 10.1.0.0/16. Use CIDRs inside the VPC",
        ],
        [
            "overlapping subnets",
            { ...SOURCE, privateSubnetCidrs: '["10.1.0.0/19","10.1.128.0/19"]' },
            "efs-backup:privateSubnetCidrs has 10.1.0.0/19, which overlaps 10.1.0.0/24. Use non-overlapping subnet CIDRs",
        ],
        [
            "one subnet only",
            { ...SOURCE, publicSubnetCidrs: '["10.1.0.0/24"]' },
            "efs-backup:publicSubnetCidrs has 1 entries. List exactly 2 CIDRs, one per availability zone",
        ],
        [
            "bad NAT strategy",
            { ...SOURCE, natGateways: "Two" },
            'efs-backup:natGateways is "Two". Set None, Single or OnePerAz',
        ],
        [
            "misspelt selection tag key (runbook defect 9)",
            {
                ...SOURCE,
                selectionTags: '[{"key":"aws:elasticfilesystem:custome-backup","value":"enabled"}]',
            },
            'efs-backup:selectionTags[0].key is "aws:elasticfilesystem:custome-backup", not a resource tag condition key. Use aws:ResourceTag/<tag-key>, e.g. aws:ResourceTag/backup',
        ],
        [
            "key deletion window out of range",
            { site: "dest", keyDeletionWindowDays: "3" },
            "efs-backup:keyDeletionWindowDays is 3, outside 7-30. Set a number from 7 to 30",
        ],
        [
            "AWS-reserved key alias",
            { site: "dest", keyAlias: "alias/aws/backup" },
            'efs-backup:keyAlias is "alias/aws/backup", not a customer KMS alias. Use alias/<name>, not under alias/aws/',
        ],
        [
            "malformed deployer ARN",
            { site: "dest", deployerArn: "deployer" },
            'efs-backup:deployerArn is "deployer", not an IAM user or role ARN. Use the user or role that runs pulumi up, e.g. arn:aws:iam::123456789012:role/deployer',
        ],
        [
            "non-boolean",
            { site: "dest", vaultLockdown: "yes" },
            'efs-backup:vaultLockdown is "yes", not a boolean. Set true or false',
        ],
        [
            "flow-log retention off CloudWatch's menu",
            { ...SOURCE, flowLogRetentionDays: "45" },
            "efs-backup:flowLogRetentionDays is 45. Use one of CloudWatch's values: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653",
        ],
        [
            "duplicate role names",
            { site: "dest", operatorRoleName: "BackupTest-AdminRole" },
            "efs-backup:adminRoleName equals another role name. Give the service, admin and operator roles distinct names",
        ],
        [
            "empty value",
            { site: "dest", vaultName: " " },
            'efs-backup:vaultName is empty. Remove it to use the default "TestEFS-Dest-BackupVault", or set a value',
        ],
    ];
    for (const [label, raw, message] of cases) {
        it(`rejects ${label} with one clear message`, () => {
            const actual = error(raw);
            if (label === "misspelt key") assert.ok(actual.startsWith(message), actual);
            else assert.equal(actual, message);
        });
    }

    it("refuses provider config that the program would silently ignore", () => {
        assert.throws(() => rawStackConfig({ "efs-backup:site": "dest", "aws:region": "eu-west-1" }), {
            message:
                "aws:region is set, but this program ignores provider config: each site's provider takes its region from efs-backup:region. Remove aws:region (pulumi config rm aws:region)",
        });
        assert.deepEqual(rawStackConfig({ "efs-backup:site": "dest", "other:key": "x" }), { site: "dest" });
    });

    describe("cronProblem", () => {
        for (const ok of [
            "cron(0 5/12 ? * * *)",
            "cron(30 2 1 * ? *)",
            "cron(0 3 ? * MON-FRI *)",
            "cron(0 0 L * ? 2030)",
        ]) {
            it(`accepts ${ok}`, () => assert.equal(cronProblem(ok), undefined));
        }
        const bad: Array<[string, string]> = [
            ["cron(0 5 * * * *)", "must have ? in exactly one of day-of-month and day-of-week"],
            ["cron(*/5 * ? * * *)", "runs more than once an hour; AWS Backup needs a single minute value"],
            ["cron(0 5 ? 13 * *)", 'has month "13" outside 1-12'],
            ["cron(0 5/0 ? * * *)", "has a zero step in hours"],
            ["cron(0 5 ? * FUNDAY *)", 'has day-of-week "FUNDAY" outside 1-7'],
        ];
        for (const [expr, why] of bad) {
            it(`rejects ${expr}: ${why}`, () => assert.equal(cronProblem(expr), why));
        }
    });
});
