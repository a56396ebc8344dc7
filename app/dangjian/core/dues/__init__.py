"""党费: each member's yearly base and monthly amount from the rates in force, payments by month (补交 with
reason and approval), 减免, remittance (上缴) to the higher level, the month grid, arrears findings and the
figures the 收缴明细, 年度公示 and 上缴凭证 print."""
