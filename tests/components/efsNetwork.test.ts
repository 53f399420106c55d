import { strict as assert } from "assert";
import { OfflineRun } from "../../tools/offline";
import { ACCOUNT, all, find, planBoth, policyOf } from "../helpers";
import { EfsNetwork, EfsNetworkArgs } from "../../components/efsNetwork";

const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";

describe("EfsNetwork", () => {
    let source: OfflineRun;
    before(async () => {
        ({ source } = await planBoth());
    });

    it("asks awsx for the SPEC's two-AZ VPC: explicit subnets, DNS on, no NAT", () => {
        const vpc = find(source, "awsx:ec2:Vpc", "network-vpc");
        assert.deepEqual(vpc.inputs, {
            cidrBlock: "10.1.0.0/16",
            numberOfAvailabilityZones: 2,
            enableDnsHostnames: true,
            enableDnsSupport: true,
            subnetStrategy: "Auto",
            subnetSpecs: [
                { type: "Public", cidrBlocks: ["10.1.0.0/24", "10.1.16.0/24"] },
                { type: "Private", cidrBlocks: ["10.1.32.0/19", "10.1.128.0/19"] },
            ],
            natGateways: { strategy: "None" },
            tags: { Name: "BackupPoCVPC" },
        });
    });

    it("opens no SSH ingress by default: the only ingress rule is NFS from the bastion", () => {
        const ingress = all(source, INGRESS);
        assert.equal(ingress.length, 1);
        const bastionSg = find(source, "aws:ec2/securityGroup:SecurityGroup", "network-bastion");
        const efsSg = find(source, "aws:ec2/securityGroup:SecurityGroup", "network-efs");
        assert.deepEqual(ingress[0].inputs, {
            securityGroupId: efsSg.id,
            referencedSecurityGroupId: bastionSg.id,
            ipProtocol: "tcp",
            fromPort: 2049,
            toPort: 2049,
            description: "NFS from the bastion",
        });
        assert.equal(bastionSg.inputs.ingress, undefined);
        assert.equal(efsSg.inputs.ingress, undefined);
    });

    it("lets the bastion out only on HTTPS and to EFS on NFS", () => {
        const egress = all(source, EGRESS).map((r) => [
            r.inputs.fromPort,
            r.inputs.cidrIpv4 ?? r.inputs.referencedSecurityGroupId,
        ]);
        const efsSg = find(source, "aws:ec2/securityGroup:SecurityGroup", "network-efs");
        assert.deepEqual(egress.sort(), [
            [2049, efsSg.id],
            [443, "0.0.0.0/0"],
        ]);
    });

    it("adds one SSH rule per configured CIDR, and only then", async () => {
        const { source: s } = await planBoth({
            source: { sshIngressCidrs: '["203.0.113.0/24","198.51.100.7/32"]' },
        });
        const ssh = all(s, INGRESS).filter((r) => r.inputs.fromPort === 22);
        assert.deepEqual(
            ssh.map((r) => [r.name, r.inputs.cidrIpv4, r.inputs.toPort]),
            [
                ["network-bastion-ssh-0", "203.0.113.0/24", 22],
                ["network-bastion-ssh-1", "198.51.100.7/32", 22],
            ],
        );
    });

    it("runs the bastion with IMDSv2, an encrypted root volume, detailed monitoring and SSM-only access", () => {
        const bastion = find(source, "aws:ec2/instance:Instance", "network-bastion");
        assert.deepEqual(bastion.inputs.metadataOptions, {
            httpTokens: "required",
            httpEndpoint: "enabled",
            httpPutResponseHopLimit: 1,
        });
        assert.deepEqual(bastion.inputs.rootBlockDevice, { encrypted: true, volumeType: "gp3" });
        assert.equal(bastion.inputs.monitoring, true);
        assert.equal(bastion.inputs.instanceType, "t3.micro");
        assert.equal(bastion.inputs.ami, "ami-0offline0000000000");
        assert.equal(bastion.inputs.keyName, undefined);
        const attachment = find(
            source,
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
            "network-bastion-ssm",
        );
        assert.equal(attachment.inputs.policyArn, "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore");
        assert.ok(source.invokes.includes("aws:ec2/getAmi:getAmi"));
    });

    it("recovers the bastion automatically when its host fails", () => {
        const alarm = find(source, "aws:cloudwatch/metricAlarm:MetricAlarm", "network-bastion-recover");
        const bastion = find(source, "aws:ec2/instance:Instance", "network-bastion");
        assert.equal(alarm.inputs.metricName, "StatusCheckFailed_System");
        assert.deepEqual(alarm.inputs.dimensions, { InstanceId: bastion.id });
        assert.deepEqual(alarm.inputs.alarmActions, ["arn:aws:automate:ap-northeast-1:ec2:recover"]);
    });

    it("creates an encrypted general-purpose EFS named BackupTest-Volume with a mount target per private subnet", () => {
        const fs = find(source, "aws:efs/fileSystem:FileSystem", "network-efs");
        assert.equal(fs.inputs.performanceMode, "generalPurpose");
        assert.equal(fs.inputs.encrypted, true);
        assert.deepEqual(fs.inputs.tags, { Name: "BackupTest-Volume" });
        const targets = all(source, "aws:efs/mountTarget:MountTarget");
        const efsSg = find(source, "aws:ec2/securityGroup:SecurityGroup", "network-efs");
        assert.equal(targets.length, 2);
        assert.notEqual(targets[0].inputs.subnetId, targets[1].inputs.subnetId);
        for (const t of targets) {
            assert.equal(t.inputs.fileSystemId, fs.id);
            assert.deepEqual(t.inputs.securityGroups, [efsSg.id]);
            assert.match(String(t.inputs.subnetId), /^subnet-/);
        }
    });

    it("sends flow logs to its own log group through a role scoped to that group", () => {
        const group = find(source, "aws:cloudwatch/logGroup:LogGroup", "network-flow-logs");
        assert.equal(group.inputs.name, "/aws/vpc/flow-logs/BackupPoCVPC");
        assert.equal(group.inputs.retentionInDays, 90);
        const role = find(source, "aws:iam/role:Role", "network-flow-logs");
        assert.deepEqual(policyOf(role, "assumeRolePolicy").Statement, [
            {
                Sid: "AssumedByFlowLogsForThisAccount",
                Effect: "Allow",
                Principal: { Service: "vpc-flow-logs.amazonaws.com" },
                Action: "sts:AssumeRole",
                Condition: {
                    StringEquals: { "aws:SourceAccount": ACCOUNT },
                    ArnLike: { "aws:SourceArn": `arn:aws:ec2:ap-northeast-1:${ACCOUNT}:vpc-flow-log/*` },
                },
            },
        ]);
        const groupArn = `arn:aws:logs:ap-northeast-1:${ACCOUNT}:log-group:/aws/vpc/flow-logs/BackupPoCVPC`;
        assert.deepEqual(
            policyOf(find(source, "aws:iam/rolePolicy:RolePolicy", "network-flow-logs")).Statement,
            [
                {
                    Sid: "WriteFlowLogStreams",
                    Effect: "Allow",
                    Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                    Resource: `${groupArn}:log-stream:*`,
                },
                {
                    Sid: "DescribeFlowLogStreams",
                    Effect: "Allow",
                    Action: "logs:DescribeLogStreams",
                    Resource: `${groupArn}:*`,
                },
                {
                    Sid: "DescribeLogGroups",
                    Effect: "Allow",
                    Action: "logs:DescribeLogGroups",
                    Resource: "*",
                },
            ],
        );
        const flowLog = find(source, "aws:ec2/flowLog:FlowLog", "network-flow-logs");
        assert.equal(flowLog.inputs.trafficType, "ALL");
        assert.equal(flowLog.inputs.logDestinationType, "cloud-watch-logs");
    });

    describe("argument validation", () => {
        const good: EfsNetworkArgs = {
            account: { partition: "aws", accountId: ACCOUNT },
            region: "ap-northeast-1",
        };
        const cases: Array<[Partial<EfsNetworkArgs>, string]> = [
            [
                { publicSubnetCidrs: ["10.1.0.0/24"] },
                'EfsNetwork "n": publicSubnetCidrs needs exactly 2 CIDRs (one per availability zone), got 1',
            ],
            [{ vpcCidr: "10.1.0.0" }, 'EfsNetwork "n": "10.1.0.0" is not an IPv4 CIDR block'],
            [
                { sshIngressCidrs: ["0.0.0.0/0"] },
                'EfsNetwork "n": sshIngressCidrs "0.0.0.0/0" would open SSH to the internet',
            ],
        ];
        for (const [bad, message] of cases) {
            it(message, () => {
                assert.throws(() => new EfsNetwork("n", { ...good, ...bad }), { message });
            });
        }
    });
});
