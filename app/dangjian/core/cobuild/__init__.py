"""共建与服务: 服务项目书 (项目化服务, 惠民项目, 共建项目) spending through the one ledger, 在职党员 双报到,
志愿服务 teams and hours, 阵地 (党群服务中心, 活动室) and 一社区一品牌."""
