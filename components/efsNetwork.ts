import * as pulumi from "@pulumi/pulumi";
import * as awsx from "@pulumi/awsx";
import * as cloudwatch from "@pulumi/aws/cloudwatch";
import * as ec2 from "@pulumi/aws/ec2";
import * as efs from "@pulumi/aws/efs";
import * as iam from "@pulumi/aws/iam";
import * as vpc from "@pulumi/aws/vpc";
import { AccountScope, logGroupArn } from "../personas/arns";
import { parseCidr } from "../config";

export interface EfsNetworkArgs {
    /** Account and partition of the flow-log role's ARNs. */
    readonly account: AccountScope;
    /** Region of the network; ARNs in the flow-log role are scoped to it. */
    readonly region: string;
    /** `Name` tag of the VPC and prefix of its parts. Default: `BackupPoCVPC`. */
    readonly vpcName?: string;
    /** VPC CIDR. Default: `10.1.0.0/16`. */
    readonly vpcCidr?: string;
    /** One public subnet per AZ. Default: `10.1.0.0/24`, `10.1.16.0/24`. */
    readonly publicSubnetCidrs?: readonly string[];
    /** One private subnet per AZ, each with an EFS mount target. Default: `10.1.32.0/19`, `10.1.128.0/19`. */
    readonly privateSubnetCidrs?: readonly string[];
    /** NAT gateways for the private subnets: None, Single or OnePerAz. Default: `None`. */
    readonly natGateways?: "None" | "Single" | "OnePerAz";
    /** `Name` tag of the EFS file system. Default: `BackupTest-Volume`. */
    readonly fileSystemName?: string;
    /** Bastion instance type. Default: `t3.micro`. */
    readonly bastionInstanceType?: string;
    /** Existing EC2 key pair for SSH. Default: none (use SSM Session Manager). */
    readonly bastionKeyPairName?: string;
    /** CIDRs allowed to SSH to the bastion. Default: none, so no SSH ingress at all. */
    readonly sshIngressCidrs?: readonly string[];
    /** Retention of the VPC flow-log group, in days. Default: 90. */
    readonly flowLogRetentionDays?: number;
}

export const NETWORK_DEFAULTS = {
    vpcName: "BackupPoCVPC",
    vpcCidr: "10.1.0.0/16",
    publicSubnetCidrs: ["10.1.0.0/24", "10.1.16.0/24"],
    privateSubnetCidrs: ["10.1.32.0/19", "10.1.128.0/19"],
    fileSystemName: "BackupTest-Volume",
    bastionInstanceType: "t3.micro",
    flowLogRetentionDays: 90,
} as const;

const SSM_CORE_POLICY = "AmazonSSMManagedInstanceCore";

function validate(name: string, args: EfsNetworkArgs): void {
    const where = `EfsNetwork "${name}"`;
    for (const [field, cidrs] of [
        ["publicSubnetCidrs", args.publicSubnetCidrs],
        ["privateSubnetCidrs", args.privateSubnetCidrs],
    ] as const) {
        if (cidrs !== undefined && cidrs.length !== 2) {
            throw new Error(
                `${where}: ${field} needs exactly 2 CIDRs (one per availability zone), got ${cidrs.length}`,
            );
        }
    }
    for (const c of [
        args.vpcCidr ?? NETWORK_DEFAULTS.vpcCidr,
        ...(args.publicSubnetCidrs ?? []),
        ...(args.privateSubnetCidrs ?? []),
        ...(args.sshIngressCidrs ?? []),
    ]) {
        if (!parseCidr(c)) throw new Error(`${where}: "${c}" is not an IPv4 CIDR block`);
    }
    for (const c of args.sshIngressCidrs ?? []) {
        if (parseCidr(c)![1] < 8)
            throw new Error(`${where}: sshIngressCidrs "${c}" would open SSH to the internet`);
    }
}

/**
 * The runbook's network: a two-AZ VPC with flow logs, an encrypted EFS file system reachable only from
 * the bastion, and a bastion reached through SSM Session Manager (SSH only from configured CIDRs).
 */
export class EfsNetwork extends pulumi.ComponentResource {
    public readonly vpc: awsx.ec2.Vpc;
    public readonly fileSystem: efs.FileSystem;
    public readonly bastion: ec2.Instance;
    public readonly bastionSecurityGroup: ec2.SecurityGroup;
    public readonly fileSystemSecurityGroup: ec2.SecurityGroup;
    public readonly flowLogRole: iam.Role;
    public readonly vpcId: pulumi.Output<string>;
    public readonly publicSubnetIds: pulumi.Output<string[]>;
    public readonly privateSubnetIds: pulumi.Output<string[]>;
    public readonly fileSystemId: pulumi.Output<string>;
    public readonly fileSystemArn: pulumi.Output<string>;
    public readonly bastionInstanceId: pulumi.Output<string>;
    public readonly flowLogGroupName: pulumi.Output<string>;

    constructor(name: string, args: EfsNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        super("backup:index:EfsNetwork", name, {}, opts);
        validate(name, args);
        const vpcName = args.vpcName ?? NETWORK_DEFAULTS.vpcName;
        const { account, region } = args;

        // awsx's VPC is a remote component: it gets no provider from its parent unless one is passed,
        // and with default providers disabled its subnets would then fail to register.
        const awsProvider = this.getProvider("aws:ec2/vpc:Vpc");
        this.vpc = new awsx.ec2.Vpc(
            `${name}-vpc`,
            {
                cidrBlock: args.vpcCidr ?? NETWORK_DEFAULTS.vpcCidr,
                numberOfAvailabilityZones: 2,
                enableDnsHostnames: true,
                enableDnsSupport: true,
                subnetStrategy: "Auto",
                subnetSpecs: [
                    {
                        type: "Public",
                        cidrBlocks: [...(args.publicSubnetCidrs ?? NETWORK_DEFAULTS.publicSubnetCidrs)],
                    },
                    {
                        type: "Private",
                        cidrBlocks: [...(args.privateSubnetCidrs ?? NETWORK_DEFAULTS.privateSubnetCidrs)],
                    },
                ],
                natGateways: { strategy: args.natGateways ?? "None" },
                tags: { Name: vpcName },
            },
            { parent: this, ...(awsProvider ? { providers: [awsProvider] } : {}) },
        );
        this.vpcId = this.vpc.vpcId;
        this.publicSubnetIds = this.vpc.publicSubnetIds;
        this.privateSubnetIds = this.vpc.privateSubnetIds;

        // Flow logs: the group name is chosen here so the role's policy names it exactly at preview.
        const logGroupName = `/aws/vpc/flow-logs/${vpcName}`;
        const logGroup = new cloudwatch.LogGroup(
            `${name}-flow-logs`,
            {
                name: logGroupName,
                retentionInDays: args.flowLogRetentionDays ?? NETWORK_DEFAULTS.flowLogRetentionDays,
            },
            { parent: this },
        );
        this.flowLogRole = new iam.Role(
            `${name}-flow-logs`,
            {
                description: `Lets VPC Flow Logs write to ${logGroupName}`,
                assumeRolePolicy: pulumi.jsonStringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Sid: "AssumedByFlowLogsForThisAccount",
                            Effect: "Allow",
                            Principal: { Service: "vpc-flow-logs.amazonaws.com" },
                            Action: "sts:AssumeRole",
                            Condition: {
                                StringEquals: { "aws:SourceAccount": account.accountId },
                                ArnLike: {
                                    "aws:SourceArn": `arn:${account.partition}:ec2:${region}:${account.accountId}:vpc-flow-log/*`,
                                },
                            },
                        },
                    ],
                } satisfies iam.PolicyDocument),
            },
            { parent: this },
        );
        const groupArn = logGroupArn(account, region, logGroupName);
        new iam.RolePolicy(
            `${name}-flow-logs`,
            {
                role: this.flowLogRole.name,
                policy: pulumi.jsonStringify({
                    Version: "2012-10-17",
                    Statement: [
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
                            // AWS's documented flow-log role lists it; the action takes only "*".
                            Sid: "DescribeLogGroups",
                            Effect: "Allow",
                            Action: "logs:DescribeLogGroups",
                            Resource: "*",
                        },
                    ],
                } satisfies iam.PolicyDocument),
            },
            { parent: this.flowLogRole },
        );
        new ec2.FlowLog(
            `${name}-flow-logs`,
            {
                vpcId: this.vpcId,
                trafficType: "ALL",
                logDestinationType: "cloud-watch-logs",
                logDestination: logGroup.arn,
                iamRoleArn: this.flowLogRole.arn,
                tags: { Name: `${vpcName}-flow-logs` },
            },
            { parent: this },
        );

        // Security groups: rules are separate resources because each group's rules reference the other.
        this.bastionSecurityGroup = new ec2.SecurityGroup(
            `${name}-bastion`,
            {
                vpcId: this.vpcId,
                description: "Bastion: no inbound by default; HTTPS out for SSM",
                tags: { Name: `${vpcName}-bastion` },
            },
            { parent: this },
        );
        this.fileSystemSecurityGroup = new ec2.SecurityGroup(
            `${name}-efs`,
            {
                vpcId: this.vpcId,
                description: "EFS mount targets: NFS from the bastion only",
                tags: { Name: `${vpcName}-efs` },
            },
            { parent: this },
        );
        new vpc.SecurityGroupIngressRule(
            `${name}-efs-nfs-from-bastion`,
            {
                securityGroupId: this.fileSystemSecurityGroup.id,
                referencedSecurityGroupId: this.bastionSecurityGroup.id,
                ipProtocol: "tcp",
                fromPort: 2049,
                toPort: 2049,
                description: "NFS from the bastion",
            },
            { parent: this.fileSystemSecurityGroup },
        );
        new vpc.SecurityGroupEgressRule(
            `${name}-bastion-nfs-to-efs`,
            {
                securityGroupId: this.bastionSecurityGroup.id,
                referencedSecurityGroupId: this.fileSystemSecurityGroup.id,
                ipProtocol: "tcp",
                fromPort: 2049,
                toPort: 2049,
                description: "NFS to the file system",
            },
            { parent: this.bastionSecurityGroup },
        );
        new vpc.SecurityGroupEgressRule(
            `${name}-bastion-https-out`,
            {
                securityGroupId: this.bastionSecurityGroup.id,
                cidrIpv4: "0.0.0.0/0",
                ipProtocol: "tcp",
                fromPort: 443,
                toPort: 443,
                description: "HTTPS to SSM and package repositories",
            },
            { parent: this.bastionSecurityGroup },
        );
        (args.sshIngressCidrs ?? []).forEach((cidr, i) => {
            new vpc.SecurityGroupIngressRule(
                `${name}-bastion-ssh-${i}`,
                {
                    securityGroupId: this.bastionSecurityGroup.id,
                    cidrIpv4: cidr,
                    ipProtocol: "tcp",
                    fromPort: 22,
                    toPort: 22,
                    description: `SSH from ${cidr}`,
                },
                { parent: this.bastionSecurityGroup },
            );
        });

        this.fileSystem = new efs.FileSystem(
            `${name}-efs`,
            {
                performanceMode: "generalPurpose",
                encrypted: true,
                tags: { Name: args.fileSystemName ?? NETWORK_DEFAULTS.fileSystemName },
            },
            { parent: this },
        );
        for (let i = 0; i < 2; i++) {
            new efs.MountTarget(
                `${name}-efs-${i}`,
                {
                    fileSystemId: this.fileSystem.id,
                    subnetId: this.privateSubnetIds.apply((ids) => ids[i]),
                    securityGroups: [this.fileSystemSecurityGroup.id],
                },
                { parent: this.fileSystem },
            );
        }
        this.fileSystemId = this.fileSystem.id;
        this.fileSystemArn = this.fileSystem.arn;

        // Bastion: SSM Session Manager is the default way in, so the instance role holds only the SSM core policy.
        const bastionRole = new iam.Role(
            `${name}-bastion`,
            {
                description: "Bastion instance role: SSM Session Manager only",
                assumeRolePolicy: pulumi.jsonStringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Sid: "AssumedByEc2",
                            Effect: "Allow",
                            Principal: { Service: "ec2.amazonaws.com" },
                            Action: "sts:AssumeRole",
                        },
                    ],
                } satisfies iam.PolicyDocument),
            },
            { parent: this },
        );
        new iam.RolePolicyAttachment(
            `${name}-bastion-ssm`,
            {
                role: bastionRole.name,
                policyArn: `arn:${account.partition}:iam::aws:policy/${SSM_CORE_POLICY}`,
            },
            { parent: bastionRole },
        );
        const profile = new iam.InstanceProfile(
            `${name}-bastion`,
            { role: bastionRole.name },
            { parent: bastionRole },
        );
        const ami = ec2.getAmiOutput(
            {
                owners: ["amazon"],
                mostRecent: true,
                filters: [
                    { name: "name", values: ["al2023-ami-2023.*-x86_64"] },
                    { name: "state", values: ["available"] },
                ],
            },
            { parent: this },
        );
        this.bastion = new ec2.Instance(
            `${name}-bastion`,
            {
                ami: ami.id,
                instanceType: args.bastionInstanceType ?? NETWORK_DEFAULTS.bastionInstanceType,
                subnetId: this.publicSubnetIds.apply((ids) => ids[0]),
                vpcSecurityGroupIds: [this.bastionSecurityGroup.id],
                associatePublicIpAddress: true,
                iamInstanceProfile: profile.name,
                keyName: args.bastionKeyPairName,
                monitoring: true,
                metadataOptions: {
                    httpTokens: "required",
                    httpEndpoint: "enabled",
                    httpPutResponseHopLimit: 1,
                },
                rootBlockDevice: { encrypted: true, volumeType: "gp3" },
                tags: { Name: `${vpcName}-bastion` },
            },
            { parent: this },
        );
        this.bastionInstanceId = this.bastion.id;
        new cloudwatch.MetricAlarm(
            `${name}-bastion-recover`,
            {
                alarmDescription: "Recover the bastion when the underlying host fails its status check",
                namespace: "AWS/EC2",
                metricName: "StatusCheckFailed_System",
                statistic: "Maximum",
                period: 60,
                evaluationPeriods: 2,
                threshold: 0,
                comparisonOperator: "GreaterThanThreshold",
                dimensions: { InstanceId: this.bastion.id },
                alarmActions: [`arn:${account.partition}:automate:${region}:ec2:recover`],
            },
            { parent: this.bastion },
        );
        this.flowLogGroupName = logGroup.name;

        this.registerOutputs({
            vpcId: this.vpcId,
            publicSubnetIds: this.publicSubnetIds,
            privateSubnetIds: this.privateSubnetIds,
            fileSystemId: this.fileSystemId,
            fileSystemArn: this.fileSystemArn,
            bastionInstanceId: this.bastionInstanceId,
            flowLogGroupName: this.flowLogGroupName,
        });
    }
}
