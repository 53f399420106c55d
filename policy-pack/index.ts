import { PolicyPack } from "@pulumi/policy";
import { policies } from "./policies";

new PolicyPack("efs-backup-least-privilege", { policies, enforcementLevel: "advisory" });
